// When a step attempt's `running` row is written (workers/activities/running-mark.ts): not at all for a step that
// ends sooner than the mark's delay, once after it for a longer one, at once when asked (progress, checkpoints),
// and never after the final row.
import { describe, expect, it } from 'vitest';
import { runningMark } from '../../workers/activities/running-mark';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(writeMs = 0) {
  const events: string[] = [];
  return {
    events,
    write: async () => {
      events.push('running:start');
      await sleep(writeMs);
      events.push('running:done');
    },
  };
}

describe('the running mark', () => {
  it('writes nothing for a step that ends before its delay', async () => {
    const r = recorder();
    const mark = runningMark(r.write, 50);
    await sleep(5);
    await mark.settle();
    await sleep(80);
    expect(r.events).toEqual([]);
  });

  it('writes once after the delay for a longer step', async () => {
    const r = recorder();
    const mark = runningMark(r.write, 20);
    await sleep(60);
    await mark.now();
    await mark.settle();
    expect(r.events).toEqual(['running:start', 'running:done']);
  });

  it('writes at once when asked, and only once', async () => {
    const r = recorder(5);
    const mark = runningMark(r.write, 10_000);
    await Promise.all([mark.now(), mark.now()]);
    expect(r.events).toEqual(['running:start', 'running:done']);
    await mark.settle();
    expect(r.events).toHaveLength(2);
  });

  it('lets the final row land only after a mark in flight', async () => {
    const r = recorder(30);
    const mark = runningMark(r.write, 1);
    await sleep(10); // the mark has started and is still writing
    await mark.settle();
    r.events.push('final');
    expect(r.events).toEqual(['running:start', 'running:done', 'final']);
  });

  it('asks for nothing once settled, and a failed mark fails nothing', async () => {
    const events: string[] = [];
    const mark = runningMark(async () => {
      events.push('running');
      throw new Error('the database is away');
    }, 1);
    await sleep(10);
    await expect(mark.settle()).resolves.toBeUndefined();
    await mark.now();
    expect(events).toEqual(['running']);
  });
});
