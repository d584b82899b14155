// Alert delivery on a real Temporal dev server with the real worker, on PostgreSQL: endpointMonitor
// with 2 s windows whose health bound is crossed every window, its webhook a local receiver (127.0.0.1, a free
// port, the URL with its token a secret of the secret store, the loopback host allowed by an admin) that refuses each alert twice and then
// accepts it. Every alert: three rows in the delivery log, the body Slack-compatible, accepted once although the
// accepted attempt's completion is lost once and the windows are computed again by a second run; nothing reaches a
// webhook whose minSeverity the alerts are below, nor anything of an endpoint whose alerts are silenced.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Context } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MonitorSpec } from '../../dsl/monitor';
import { createSilence, listDeliveries } from '../../server/db/repo/alerts';
import { listAlerts, listMonitorWindows, upsertMonitor } from '../../server/db/repo/monitors';
import { ENDPOINT_MONITOR, MONITOR_TASK_QUEUE, monitorProgressQuery, monitorWorkflowId, stopMonitorSignal, type MonitorProgress } from '../../server/temporal/contract';
import type { MonitorResult } from '../../workers/workflows/monitor';
import { allowEgressHost } from '../../server/db/repo/egress-hosts';
import { setSecret } from '../../server/secrets/store';
import { startHarness, type Harness } from '../helpers/harness';

let n = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;

interface Received { path: string; body: Record<string, any>; status: number }

/** A webhook receiver: per path and alert, the first `refusals` requests answer 500, the next ones 200. */
async function startReceiver(refusals: number): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (b: Buffer) => (text += b.toString()));
    req.on('end', () => {
      const body = JSON.parse(text) as Record<string, any>;
      const key = `${req.url} ${body.alert?.id}`;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      const status = count <= refusals ? 500 : 200;
      received.push({ path: req.url ?? '', body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try again later');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// PostgreSQL only: the delivery log's and the silences' queries run on both databases in silences.test.ts, and
// this file's minute goes to waiting on retries.
describe.each([
  ['PostgreSQL', () => inject('postgresUrl')],
])('alert delivery on %s', (_label, url) => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  /** Alerts whose accepted attempt was made to fail afterwards (its completion lost): retried by Temporal. */
  const lostOnce = new Set<number>();
  const secretName = `webhook-team-${n++}`;
  const token = `tok-${Date.now().toString(36)}`;

  beforeAll(async () => {
    receiver = await startReceiver(2);
    h = await startHarness({
      databaseUrl: url(),
      activities: (base) => ({
        ...base,
        async deliverAlert(input: Parameters<typeof base.deliverAlert>[0]) {
          const done = await base.deliverAlert(input);
          if (done.outcome === 'sent' && !lostOnce.has(input.alertId)) {
            lostOnce.add(input.alertId);
            throw new Error(`transient: the completion of attempt ${Context.current().info.attempt} was lost`);
          }
          return done;
        },
      }),
    });
    // The URL holds a token: the monitor spec names a secret of the store, which holds the URL sealed; the receiver
    // listens on loopback, which an admin allowed.
    await setSecret(h.database.db, { name: secretName, value: `${receiver.url}/hooks/${token}`, actor: 'test' }, h.home);
    await allowEgressHost(h.database.db, { host: '127.0.0.1', actor: 'test' });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await receiver?.close();
  });

  it('retries a refused delivery, logs every attempt, sends each alert once and nothing of a silenced endpoint', async () => {
    const db = h.database.db;
    const open = unique('alr');
    const silenced = unique('alrs');
    const spec = (endpoint: string) => MonitorSpec.parse({
      monitor: endpoint,
      window: '2s',
      // No traffic at all: every window has 0 requests, below the bound, and raises one health alert (a warning).
      health: { requests: { min: 1_000_000 } },
      alerts: {
        webhooks: [
          { name: 'team', urlSecret: secretName, headers: { 'X-Team': 'ml' } },
          { name: 'pager', url: `${receiver.url}/pager`, minSeverity: 'critical' },
        ],
      },
    });
    await upsertMonitor(db, { endpoint: open, spec: spec(open), actor: 'test' });
    await upsertMonitor(db, { endpoint: silenced, spec: spec(silenced), actor: 'test' });
    await createSilence(db, { endpoint: silenced, kind: 'health', until: new Date(Date.now() + 3600_000), reason: 'load test', createdBy: 'test' });

    const start = async (endpoint: string, nextStart?: string) => h.client.workflow.start(ENDPOINT_MONITOR, {
      taskQueue: MONITOR_TASK_QUEUE, workflowId: monitorWorkflowId(endpoint), args: [{ endpoint, nextStart }],
    });
    const first = await start(open);
    const quiet = await start(silenced);
    const windowsOf = async (handle: typeof first) => (await handle.query<MonitorProgress>(monitorProgressQuery)).windows;
    await expect.poll(() => windowsOf(first), { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => windowsOf(quiet), { timeout: 90_000, interval: 500 }).toBeGreaterThanOrEqual(2);
    // A stop is taken between windows: each computed window's deliveries are done by then.
    await first.signal(stopMonitorSignal, { actor: 'test' });
    await quiet.signal(stopMonitorSignal, { actor: 'test' });
    const firstRun = (await first.result()) as MonitorResult;
    await quiet.result();

    // The windows computed again from the first one's start (a replayed window): their alerts are the same rows,
    // delivered already, so nothing is sent again; then one new window at least.
    const [w0] = await listMonitorWindows(db, open);
    const again = await start(open, w0.start);
    await expect.poll(() => windowsOf(again), { timeout: 90_000, interval: 500 }).toBeGreaterThan(firstRun.windows);
    await again.signal(stopMonitorSignal, { actor: 'test' });
    await again.result();

    const alerts = await listAlerts(db, open);
    const windows = await listMonitorWindows(db, open);
    expect(windows.length).toBeGreaterThan(firstRun.windows);
    // One alert per window (its dedup key names the window), none silenced.
    expect(alerts.length).toBe(windows.length);
    for (const a of alerts) {
      expect(a).toMatchObject({ kind: 'health', severity: 'warning', subject: 'requests', silenceId: null });
      const log = await listDeliveries(db, a.id);
      expect(log.map((d) => [d.webhook, d.attempt, d.ok, d.httpStatus]), `the delivery log of alert ${a.id}`).toEqual([
        ['team', 1, false, 500], ['team', 2, false, 500], ['team', 3, true, 200],
      ]);
      expect(log[0].error).toBe('HTTP 500: try again later');
      expect(log[2].error).toBeNull();
      for (const d of log) expect(d.durationMs).toBeGreaterThanOrEqual(0);
      const got = receiver.received.filter((r) => r.body.alert?.id === a.id);
      expect(got.map((r) => [r.path, r.status])).toEqual([
        [`/hooks/${token}`, 500], [`/hooks/${token}`, 500], [`/hooks/${token}`, 200],
      ]);
      // Slack-compatible: `text` and `blocks`, plus the alert itself and its window.
      const body = got[2].body;
      expect(body.text).toBe(`[WARNING] ${open}: ${a.message}`);
      expect(body.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
      expect(body.blocks[1]).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn' }] });
      expect(body.alert).toMatchObject({ id: a.id, endpoint: open, kind: 'health', severity: 'warning', subject: 'requests', message: a.message, windowId: a.windowId });
      const w = windows.find((x) => x.id === a.windowId)!;
      expect(body.window).toEqual({ start: w.start, end: w.end });
    }
    // The accepted attempt's completion was lost once per alert: the retry found it delivered and sent nothing.
    expect([...lostOnce].filter((id) => alerts.some((a) => a.id === id)).length).toBe(alerts.length);
    // Below the pager's minSeverity: nothing sent there.
    expect(receiver.received.filter((r) => r.path === '/pager')).toEqual([]);
    // The token of the URL lands nowhere in the database: the log names the webhook.
    const stored = JSON.stringify(await Promise.all(alerts.map((a) => listDeliveries(db, a.id))));
    expect(stored).not.toContain(token);

    // The silenced endpoint's alerts are stored, marked with the silence, and never sent.
    const quietAlerts = await listAlerts(db, silenced);
    expect(quietAlerts.length).toBeGreaterThanOrEqual(2);
    for (const a of quietAlerts) {
      expect(a.silenceId).not.toBeNull();
      expect(await listDeliveries(db, a.id)).toEqual([]);
    }
    expect(receiver.received.filter((r) => r.body.alert?.endpoint === silenced)).toEqual([]);
  }, 240_000);
});
