// `headrace api`: the API server of a distributed deployment, alone. It refuses to start without the database and
// Temporal it serves; with them it migrates, makes the first admin, answers /healthz and the API, and starts no other
// process. test/distributed/ runs two of them against one PostgreSQL, killed and restarted under load.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import type { DevServer } from '../../server/temporal/dev-server';
import { freePort } from '../../server/temporal/dev-server';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { headrace, headraceUntil } from '../helpers/cli';
import { stopLauncher } from '../helpers/platform';
import { startTestTemporal } from '../helpers/temporal';

let temporal: DevServer;
let home: string;

beforeAll(async () => {
  temporal = await startTestTemporal();
  home = mkdtempSync(join(tmpdir(), 'headrace-api-command-'));
});

afterAll(async () => {
  await temporal?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('headrace api', () => {
  it('refuses to start without DATABASE_URL or TEMPORAL_ADDRESS, naming the variable', async () => {
    const noDb = await headrace(['api', '--no-web'], { HEADRACE_HOME: home, DATABASE_URL: '', TEMPORAL_ADDRESS: temporal.address });
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toContain('DATABASE_URL is not set');
    const noTemporal = await headrace(['api', '--no-web'], { HEADRACE_HOME: home, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x', TEMPORAL_ADDRESS: '' });
    expect(noTemporal.code).toBe(2);
    expect(noTemporal.stderr).toContain('TEMPORAL_ADDRESS is not set');
  });

  it('serves the API and /healthz against PostgreSQL and Temporal, and starts no other process', async () => {
    const databaseUrl = await freshPostgresDatabase(inject('postgresUrl'), 'api_command');
    const port = await freePort();
    const { child, output } = await headraceUntil(['api', '--no-web', '--port', String(port)], {
      HEADRACE_HOME: home, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, HEADRACE_AUTH: 'required',
    }, /api listening on (\S+)/, 60_000);
    try {
      const url = `http://127.0.0.1:${port}`;
      expect(output()).toContain(`api listening on ${url}`);
      const token = /admin token \(shown once[^)]*\): (hr_\S+)/.exec(output())?.[1];
      expect(token).toBeDefined();
      const health = await (await fetch(`${url}/healthz`)).json() as { ok: boolean; status: string; components: Record<string, { state: string }> };
      expect(health).toMatchObject({ ok: true, status: 'ok', components: { api: { state: 'up' } } });
      expect(Object.keys(health.components)).toEqual(['api']);
      expect(await createHeadraceClient({ url, token }).pipeline.list.query()).toEqual([]);
      // Neither a worker, nor a predict server, nor a Temporal dev server or a database: no child at all.
      const children = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(child.pid)], { encoding: 'utf8' });
      expect(children.error).toBeUndefined();
      expect(children.stdout.trim()).toBe('');
    } finally {
      expect(await stopLauncher(child)).toBe(0);
    }
  });
});
