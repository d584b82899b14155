// The nav's health indicator (app/_components/health.tsx) from `/healthz` answers: ok, degraded naming the
// component and its state, down when the platform does not answer, and a plain API server's answer as ok.
import { describe, expect, it } from 'vitest';
import { healthView } from '../../app/_lib/health';

const up = { state: 'up', restarts: 0 };

describe('health indicator', () => {
  it('says ok when every component is up, with one line per component in its detail', () => {
    const v = healthView({ ok: true, status: 'ok', degraded: [], components: { temporal: up, worker: { state: 'up', restarts: 1, lastExit: { cause: 'signal SIGKILL', at: '2026-01-01T00:00:00Z' } } } });
    expect(v).toEqual({ tone: 'ok', label: 'ok', detail: 'temporal: up\nworker: up, 1 restart, last exit: signal SIGKILL' });
  });

  it('names the degraded component and its state, and how many more', () => {
    const restarting = { state: 'restarting', restarts: 2, lastExit: { cause: 'signal SIGKILL', at: '2026-01-01T00:00:00Z' } };
    expect(healthView({ ok: true, status: 'degraded', degraded: ['temporal'], components: { temporal: restarting, worker: up } })).toMatchObject({
      tone: 'degraded', label: 'degraded: temporal restarting', detail: 'temporal: restarting, 2 restarts, last exit: signal SIGKILL\nworker: up',
    });
    expect(healthView({ status: 'degraded', degraded: ['temporal', 'worker'], components: { temporal: restarting, worker: { state: 'failed' } } })?.label)
      .toBe('degraded: temporal restarting +1');
  });

  it('says down when /healthz does not answer, nothing before the first answer, ok for a server without components', () => {
    expect(healthView(undefined, true)?.tone).toBe('down');
    expect(healthView(undefined)).toBeUndefined();
    expect(healthView({ ok: true })).toEqual({ tone: 'ok', label: 'ok', detail: 'the API answers' });
  });
});
