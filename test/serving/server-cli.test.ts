// `headrace serve` as its own process on the embedded database (PGlite served on a socket, as `headrace start`
// runs it): it listens, answers health and a prediction for a deployed endpoint, and stops cleanly on SIGTERM;
// pinned to one core, it runs itself again under --single-threaded-gc.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../../cli/platform/database';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { deploy } from '../../server/services/endpoints';
import { freePort } from '../../server/temporal/dev-server';
import { headraceUntil } from '../helpers/cli';
import { directAnswer, registerLogistic } from './server-fixtures';

describe('headrace serve', () => {
  let home: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let database: Database | undefined;
  let child: ChildProcess | undefined;
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database?.close();
    await stopEmbedded?.();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('serves the deployed endpoint on HEADRACE_SERVE_PORT and stops on SIGTERM', async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-serve-cli-'));
    embedded = await startEmbeddedDatabase(home, await freePort());
    const db = embedded;
    stopEmbedded = () => db.stop();
    database = await openDatabase(embedded.url, { migrate: true });
    const store = new LocalArtifactStore(join(home, 'artifacts'));
    const model = await registerLogistic(database.db, store, 'cli-model', [5]);
    await deploy({ db: database.db } as Services, { endpoint: 'cli', model: 'cli-model@1', strategy: 'replace', actor: 'ann' });

    const port = await freePort();
    const started = await headraceUntil(['serve', '--threads', '1'], {
      DATABASE_URL: embedded.url, HEADRACE_HOME: home, HEADRACE_SERVE_PORT: String(port),
    }, /predict server listening on (http:\/\/\S+) \(pid/, 60_000);
    child = started.child;
    const url = started.match[1];
    expect(url).toBe(`http://127.0.0.1:${port}`);

    const live = await fetch(`${url}/v2/health/live`);
    expect([live.status, await live.json()]).toEqual([200, { live: true }]);
    let ready = 0;
    for (const start = Date.now(); Date.now() - start < 30_000 && ready !== 200;) {
      ready = (await fetch(`${url}/v2/health/ready`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ready).toBe(200);
    const res = await fetch(`${url}/v1/endpoints/cli/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ a: 1, b: 2, c: false }] }),
    });
    const body = await res.json() as { predictions: Array<{ label: string }>; model: unknown };
    expect(res.status).toBe(200);
    expect(body.model).toEqual({ name: 'cli-model', version: 1, variant: 'cli-model-v1' });
    expect(body.predictions.map((p) => p.label)).toEqual((await directAnswer(model.bytes.get(1)!, [1, 2, 0], 1)).labels);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(started.output()).toMatch(/predict server stopping/);
    await expect(fetch(`${url}/v2/health/live`)).rejects.toThrow();
    expect(started.output()).not.toMatch(/single-threaded GC/); // this machine's cores, not one
  });

  it('on one core runs itself again under --single-threaded-gc, and passes SIGTERM on', async () => {
    const port = await freePort();
    const pinned = await headraceUntil(['serve', '--port', String(port)], {
      DATABASE_URL: embedded!.url, HEADRACE_HOME: home,
    }, /predict server listening on (http:\/\/\S+) \(pid (\d+), single-threaded GC\)/, 60_000, ['taskset', '-c', '0']);
    child = pinned.child;
    const server = Number(pinned.match[2]);
    expect(server).not.toBe(child.pid); // the server is a second node, which the CLI started with the flag
    const answer = await fetch(`${pinned.match[1]}/v2/health/live`);
    expect(answer.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(pinned.output()).toMatch(/predict server stopping/);
    expect(() => process.kill(server, 0)).toThrow(); // the server itself is gone too
  });
});
