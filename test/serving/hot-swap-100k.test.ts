// 100 000 requests through a deploy and a rollback, with 0 failures: autocannon (32 keep-alive connections, from
// this process) sends plain predictions to a real predict server (PGlite and PostgreSQL, real ONNX models) while the endpoint is
// deployed to v2 after 30 000 answers and rolled back to v1 after 65 000. Every answer must be a 200; the
// server's own log says both switches happened while the load ran, and /metrics says both versions answered.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getMetricsFromIterator, type PromData } from 'prom2javascript';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import type { Services } from '../../server/services/context';
import { deploy, rollback } from '../../server/services/endpoints';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { registerLogistic, type RegisteredModel } from './server-fixtures';

const backends: Array<[string, () => Promise<string>]> = [
  ['PGlite', async () => 'memory://'],
  ['PostgreSQL', () => freshPostgresDatabase(inject('postgresUrl'), 'swap100k')],
];

interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { sent: number; total: number };
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, statusCode: number) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const TOTAL = 100_000;

describe.each(backends)('a deploy and a rollback under 100 000 requests on %s', (_backend, url) => {
  let home: string;
  let database: Database;
  let server: PredictServer;
  let model: RegisteredModel;
  const ep = `swap100k-${process.pid}-${Date.now().toString(36)}`;
  const lines: Array<{ line: string; answered: number }> = [];
  let answered = 0;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-swap100k-'));
    database = await openDatabase(await url(), { migrate: true });
    const store = new LocalArtifactStore(join(home, 'artifacts'));
    model = await registerLogistic(database.db, store, `clf-${ep}`, [11, 22]);
    server = await startPredictServer({
      db: database.db, artifacts: store, port: 0, threads: 1, follow: { pollMs: 100 }, predictionLog: false,
      metrics: { processMetrics: false }, statsIntervalMs: 1000,
      log: (line) => lines.push({ line, answered }),
    });
    await deploy({ db: database.db } as Services, { endpoint: ep, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    const start = Date.now();
    while (Date.now() - start < 20_000) {
      const r = await fetch(`${server.url}/v2/models/${ep}/ready`);
      await r.text();
      if (r.status === 200) break;
      await new Promise((res) => setTimeout(res, 50));
    }
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  // 100 000 requests take ~25 s alone and over a minute beside two other test files on two cores.
  it('answers every one of them with a 200', { timeout: 240_000 }, async () => {
    const svc = { db: database.db } as Services;
    const statuses = new Map<number, number>();
    let deployed: Promise<unknown> | undefined;
    let rolledBack: Promise<unknown> | undefined;
    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      const instance = autocannon({
        url: `${server.url}/v1/endpoints/${ep}/predict`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rows: [{ a: 1.5, b: 2, c: true }] }),
        connections: 32,
        amount: TOTAL,
        timeout: 30,
      }, (err, res) => (err ? reject(err) : resolve(res)));
      instance.on('response', (_client, status) => {
        answered += 1;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (answered === 30_000) deployed = deploy(svc, { endpoint: ep, model: `${model.name}@2`, strategy: 'replace', actor: 'ann' });
        if (answered === 65_000) rolledBack = rollback(svc, { endpoint: ep, actor: 'ann' });
      });
    });
    await Promise.all([deployed, rolledBack]);
    expect([...statuses]).toEqual([[200, TOTAL]]);
    expect([result.errors, result.timeouts, result.non2xx]).toEqual([0, 0, 0]);

    // Both switches happened while the load ran: v2 took over after the deploy, v1 again after the rollback.
    const switches = lines.filter((l) => l.line.startsWith(`endpoint ${ep} now answers with`));
    expect(switches.map((l) => l.line.replace(/.* now answers with /, ''))).toEqual([
      `${model.name}@1`, `${model.name}@2 (was ${model.name}@1)`, `${model.name}@1 (was ${model.name}@2)`,
    ]);
    expect(switches[1].answered).toBeGreaterThanOrEqual(30_000);
    expect(switches[2].answered).toBeLessThan(TOTAL);
    const families = await getMetricsFromIterator((await (await fetch(`${server.url}/metrics`)).text()).split('\n')[Symbol.iterator]());
    const requests = (families.headrace_predict_requests_total.data as PromData[]).filter((d) => d.labels.endpoint === ep);
    const byVersion = Object.fromEntries(requests.map((d) => [`${d.labels.version}/${d.labels.status}`, Number(d.value)]));
    expect(byVersion['1/2xx'] + byVersion['2/2xx']).toBe(TOTAL);
    expect(byVersion['2/2xx']).toBeGreaterThan(0);
    expect(Object.keys(byVersion).filter((k) => !k.endsWith('/2xx'))).toEqual([]);
  });
});
