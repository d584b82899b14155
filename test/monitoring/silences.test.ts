// Silences through the API (auth required) and the CLI, on PGlite and PostgreSQL: a silence covers the alerts of
// its endpoint, kind and subject raised while it is in force (they are stored silenced; `monitor.alerts` and
// `headrace monitor ENDPOINT` say so), and no others; an ended one covers nothing; every silence and unsilence is
// in the audit log. And `monitor.list` reads each monitor's last window and latest alert for all monitors at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { raiseAlert } from '../../server/db/repo/monitors';
import { headrace } from '../helpers/cli';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { startHarness, type Harness } from '../helpers/harness';
import { monitorSource, storeWindows } from './monitor-fixtures';

// PostgreSQL: a database of its own, since the harness creates the same API users as other test files do.
const backends: Array<[string, () => Promise<string> | string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => freshPostgresDatabase(inject('postgresUrl'), 'silences')],
];

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;

async function refusal(p: Promise<unknown>): Promise<string | undefined> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(TRPCClientError);
  return (err as TRPCClientError<any>).data?.code as string | undefined;
}

describe.each(backends)('silences on %s', (_label, url) => {
  let h: Harness;
  let dir: string;
  let env: (role: 'viewer' | 'editor') => Record<string, string>;

  beforeAll(async () => {
    h = await startHarness({ api: true, databaseUrl: await url() });
    dir = mkdtempSync(join(tmpdir(), 'headrace-silences-'));
    env = (role) => ({ HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users[role].token, XDG_CONFIG_HOME: join(dir, 'config'), HEADRACE_HOME: join(dir, 'home') });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A monitor applied for a fresh endpoint. */
  async function monitored(prefix: string): Promise<string> {
    const endpoint = unique(prefix);
    await h.api.as('editor').monitor.save.mutate({ source: monitorSource(endpoint) });
    return endpoint;
  }

  let k = 0;
  const raise = (endpoint: string, kind: 'drift' | 'quality', subject: string | null) =>
    raiseAlert(h.database.db, { endpoint, windowId: null, kind, severity: 'warning', subject, message: `${kind} ${subject}`, dedupKey: `${endpoint}/test/${k++}` });

  it('silences the alerts of its endpoint, kind and subject while in force, and no others', async () => {
    const editor = h.api.as('editor');
    const viewer = h.api.as('viewer');
    const endpoint = await monitored('sil');
    const other = await monitored('sil-other');

    const s = await editor.monitor.silence.mutate({ endpoint, kind: 'drift', subject: 'Body Mass (g)', duration: '2h', reason: 'a known shift' });
    expect(s).toMatchObject({ endpoint, kind: 'drift', subject: 'Body Mass (g)', reason: 'a known shift', createdBy: 'editor-user', active: true });
    expect(Math.abs(s.until.getTime() - s.createdAt.getTime() - 2 * 3600_000)).toBeLessThan(60_000);

    const covered = await raise(endpoint, 'drift', 'Body Mass (g)');
    const otherSubject = await raise(endpoint, 'drift', 'Island');
    const datasetDrift = await raise(endpoint, 'drift', null);
    const otherKind = await raise(endpoint, 'quality', 'Body Mass (g)');
    const otherEndpoint = await raise(other, 'drift', 'Body Mass (g)');
    expect(covered.row.silenceId).toBe(s.id);
    for (const a of [otherSubject, datasetDrift, otherKind, otherEndpoint]) expect(a.row.silenceId).toBeNull();

    // A silence without kind or subject covers every alert of its endpoint.
    const all = await editor.monitor.silence.mutate({ endpoint: other, duration: '30m', reason: 'maintenance' });
    expect(all).toMatchObject({ kind: null, subject: null });
    expect((await raise(other, 'quality', 'accuracy')).row.silenceId).toBe(all.id);
    expect((await raise(other, 'drift', null)).row.silenceId).toBe(all.id);

    const alerts = await viewer.monitor.alerts.query({ endpoint });
    expect(alerts.map((a) => [a.subject, a.kind, a.silenced])).toEqual([
      ['Body Mass (g)', 'drift', true], ['Island', 'drift', false], [null, 'drift', false], ['Body Mass (g)', 'quality', false],
    ]);
    expect(await viewer.monitor.silences.query({ endpoint })).toEqual([expect.objectContaining({ id: s.id, active: true })]);
    const log = await viewer.monitor.deliveries.query({ alertId: covered.row.id });
    expect(log).toMatchObject({ alertId: covered.row.id, endpoint, silenced: true, silence: { id: s.id, reason: 'a known shift' }, deliveries: [] });

    // Ended: alerts raised from now on are not silenced; the silence is kept as history.
    const ended = await editor.monitor.unsilence.mutate({ id: s.id });
    expect(ended).toMatchObject({ id: s.id, active: false });
    expect(ended.until.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await raise(endpoint, 'drift', 'Body Mass (g)')).row.silenceId).toBeNull();
    expect(await viewer.monitor.silences.query({ endpoint })).toEqual([]);
    expect(await viewer.monitor.silences.query({ endpoint, all: true })).toEqual([expect.objectContaining({ id: s.id, active: false })]);
    // Ending it again changes nothing.
    expect((await editor.monitor.unsilence.mutate({ id: s.id })).until).toEqual(ended.until);

    const audit = await h.api.as('admin').admin.audit.query({ action: 'monitor.silence' });
    expect(audit.items.find((r) => r.target === `${endpoint} silence ${s.id}`)).toMatchObject({ actor: 'editor-user', outcome: 'ok', details: expect.objectContaining({ reason: 'a known shift' }) });
    const unaudit = await h.api.as('admin').admin.audit.query({ action: 'monitor.unsilence' });
    expect(unaudit.items.filter((r) => r.target === `${endpoint} silence ${s.id}` && r.outcome === 'ok')).toHaveLength(2);
  });

  it('refuses a viewer, a silence without reason or longer than 90 days, and unknown endpoints, silences and alerts', async () => {
    const editor = h.api.as('editor');
    const endpoint = await monitored('silbad');
    expect(await refusal(h.api.as('viewer').monitor.silence.mutate({ endpoint, duration: '1h', reason: 'x' }))).toBe('FORBIDDEN');
    expect(await refusal(editor.monitor.silence.mutate({ endpoint, duration: '1h', reason: '   ' }))).toBe('BAD_REQUEST');
    expect(await refusal(editor.monitor.silence.mutate({ endpoint, duration: '91d', reason: 'forever' }))).toBe('BAD_REQUEST');
    expect(await refusal(editor.monitor.silence.mutate({ endpoint, duration: 'a while', reason: 'x' }))).toBe('BAD_REQUEST');
    expect(await refusal(editor.monitor.silence.mutate({ endpoint: unique('nowhere'), duration: '1h', reason: 'x' }))).toBe('NOT_FOUND');
    expect(await refusal(editor.monitor.unsilence.mutate({ id: 987_654_321 }))).toBe('NOT_FOUND');
    expect(await refusal(h.api.as('viewer').monitor.deliveries.query({ alertId: 987_654_321 }))).toBe('NOT_FOUND');
    expect(await h.api.as('viewer').monitor.silences.query({ endpoint })).toEqual([]);
  });

  it('lists every monitor with its own last window and latest alert', async () => {
    const db = h.database.db;
    const a = await monitored('list-a');
    const b = await monitored('list-b');
    const c = await monitored('list-c');
    await storeWindows(db, a, 3);
    await storeWindows(db, b, 1);
    await h.api.as('editor').monitor.silence.mutate({ endpoint: b, duration: '1h', reason: 'quiet' });
    const late = await raise(b, 'quality', 'accuracy');
    const list = await h.api.as('viewer').monitor.list.query();
    const of = (e: string) => list.find((m) => m.endpoint === e)!;
    // storeWindows' hourly windows end on the hour before now: the newest of each is the one ending then.
    const hour = 3600_000;
    const lastEnd = new Date(Math.floor(Date.now() / hour) * hour).toISOString();
    expect(of(a).lastWindow).toEqual({ start: new Date(Date.parse(lastEnd) - hour).toISOString(), end: lastEnd, rows: 100, datasetDrifted: true, driftedFeatures: ['Body Mass (g)'] });
    expect(of(a).lastAlert).toMatchObject({ kind: 'drift', severity: 'critical', silenced: false });
    expect(of(b).lastWindow).toMatchObject({ end: lastEnd, datasetDrifted: true });
    expect(of(b).lastAlert).toMatchObject({ kind: 'quality', message: late.row.message, silenced: true });
    expect(of(c)).toMatchObject({ lastWindow: null, lastAlert: null, version: 1, enabled: true });
  });

  it('headrace monitor silence, silences, unsilence; headrace monitor shows silenced alerts as such', async () => {
    const endpoint = await monitored('silcli');
    const silenced = await headrace(['monitor', 'silence', endpoint, '--for', '2h', '--reason', 'new features rolling out', '--kind', 'drift', '--subject', 'Body Mass (g)'], env('editor'));
    expect(silenced.stderr).toBe('');
    expect(silenced.code).toBe(0);
    const id = Number(/^silence (\d+): alerts of \S+ \(drift about Body Mass \(g\)\) are not sent until /.exec(silenced.stdout)?.[1]);
    expect(id).toBeGreaterThan(0);

    const listed = await headrace(['monitor', 'silences', endpoint], env('viewer'));
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+drift about Body Mass \\(g\\)\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+editor-user\\s+new features rolling out$`, 'm'));
    const json = JSON.parse((await headrace(['monitor', 'silences', endpoint, '--json'], env('viewer'))).stdout) as Array<Record<string, unknown>>;
    expect(json).toEqual([expect.objectContaining({ id, endpoint, kind: 'drift', subject: 'Body Mass (g)', active: true })]);

    // The drifted window's alert about Body Mass (g) is raised under the silence.
    await storeWindows(h.database.db, endpoint, 1);
    const shown = await headrace(['monitor', endpoint], env('viewer'));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/critical\s+drift\s+Body Mass \(g\) drifted: .*\(silenced\)\s+silenced: not sent/);
    const shownJson = JSON.parse((await headrace(['monitor', endpoint, '--json'], env('viewer'))).stdout) as { alerts: Array<Record<string, unknown>> };
    expect(shownJson.alerts).toEqual([expect.objectContaining({ subject: 'Body Mass (g)', silenced: true, silenceId: id })]);

    const denied = await headrace(['monitor', 'unsilence', String(id)], env('viewer'));
    expect(denied.code).toBe(3);
    const ended = await headrace(['monitor', 'unsilence', String(id)], env('editor'));
    expect(ended.code).toBe(0);
    expect(ended.stdout).toBe(`silence ${id} of ${endpoint} (drift about Body Mass (g)) ended: its alerts are sent again\n`);
    expect((await headrace(['monitor', 'silences', endpoint], env('viewer'))).stdout).toBe(`no silences in force for ${endpoint}\n`);

    const usage = await headrace(['monitor', 'silence', endpoint, '--for', '2h'], env('editor'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("required option '--reason <text>' not specified");
  });
});
