// A platform whose artifact store is S3 (HEADRACE_ARTIFACTS=s3://…, SeaweedFS started for this file): the penguins
// pipeline runs end to end with the worker writing and reading every artifact there, the dataset preview and the
// model download read it back, and `headrace gc` (admin.gc) then removes only what nothing references.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { referencedHashes } from '../../server/artifacts/gc';
import { S3ArtifactStore } from '../../server/artifacts/s3';
import { getJson, putJson, sha256Hex } from '../../server/artifacts/store';
import { rowsOf } from '../../server/db/client';
import { datasets, modelVersions, runs, stepRuns } from '../../server/db/schema';
import { headrace } from '../helpers/cli';
import { penguinsDir, pipelineSource, waitForRun } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';
import { startSeaweedfs, type S3Server } from '../helpers/seaweedfs';

const PREFIX = 'platform/artifacts';
let s3: S3Server;
let h: Harness;
let runId: string;

/** The keys under the platform's prefix, as the server lists them. */
async function keys(): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${PREFIX}/`, ContinuationToken: token }));
    out.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort();
}

/** Every artifact uri inside a JSON value. */
function urisIn(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith('artifact://sha256/') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urisIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(urisIn);
  return [];
}

/** What the run's rows name, read here independently of gc: step outputs, datasets, the model version. */
async function referencedUris(): Promise<string[]> {
  const db = h.database.db;
  const outputs = (await db.select({ outputs: stepRuns.outputs }).from(stepRuns)).flatMap((r) => urisIn(r.outputs));
  const tables = (await db.select({ uri: datasets.uri }).from(datasets)).map((r) => r.uri);
  const models = (await db.select({ uri: modelVersions.artifactUri }).from(modelVersions)).map((r) => r.uri);
  return [...new Set([...outputs, ...tables, ...models])].sort();
}

async function download(version = 1): Promise<Response> {
  return fetch(`${h.api.url}/api/models/s3penguins/versions/${version}/model.onnx`, { headers: { authorization: `Bearer ${h.api.users.viewer.token}` } });
}

beforeAll(async () => {
  s3 = await startSeaweedfs({ bucket: 'headrace-platform' });
  h = await startHarness({ api: true, env: { HEADRACE_ARTIFACTS: s3.location(PREFIX), ...s3.env } });
}, 240_000);

afterAll(async () => {
  await h?.stop();
  await s3?.stop();
});

describe('a platform on S3', () => {
  it('runs a pipeline with every artifact in the bucket and none on local disk', async () => {
    expect(h.store).toBeInstanceOf(S3ArtifactStore);
    const editor = h.api.as('editor');
    await editor.pipeline.save.mutate({ source: pipelineSource('s3penguins'), baseDir: penguinsDir });
    const run = await waitForRun(editor, (await editor.run.start.mutate({ pipeline: 's3penguins' })).id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    runId = run.id;
    const uris = await referencedUris();
    expect(uris.some((u) => u.endsWith('.arrow'))).toBe(true);
    expect(uris.some((u) => u.endsWith('.onnx'))).toBe(true);
    const stored = await keys();
    for (const uri of uris) {
      const hash = uri.slice('artifact://sha256/'.length, 'artifact://sha256/'.length + 64);
      expect(stored).toContain(`${PREFIX}/sha256/${hash.slice(0, 2)}/${uri.slice('artifact://sha256/'.length)}`);
    }
    expect(existsSync(join(h.home, 'artifacts'))).toBe(false);
  }, 180_000);

  it("previews the run's datasets and downloads its model from the bucket", async () => {
    const viewer = h.api.as('viewer');
    const wrote = await h.database.db.select({ hash: datasets.hash, rows: datasets.rows }).from(datasets).where(eq(datasets.runId, runId));
    expect(wrote.length).toBeGreaterThan(0);
    for (const d of wrote) {
      const preview = await viewer.dataset.preview.query({ id: d.hash, limit: 5 });
      expect(preview.total).toBe(d.rows);
      expect(preview.rows).toHaveLength(Math.min(5, d.rows));
    }
    const [v] = await h.database.db.select({ hash: modelVersions.artifactHash }).from(modelVersions).where(eq(modelVersions.runId, runId));
    const got = await download();
    expect(got.status).toBe(200);
    expect(got.headers.get('x-artifact-sha256')).toBe(v.hash);
    expect(createHash('sha256').update(Buffer.from(await got.arrayBuffer())).digest('hex')).toBe(v.hash);
    // The route served a file: the object downloaded into the platform's cache, checked against its name.
    const cached = join(h.home, 'cache', 'artifacts', 'sha256', v.hash.slice(0, 2), `${v.hash}.onnx`);
    expect(sha256Hex(readFileSync(cached))).toBe(v.hash);
  });
});

describe('gc', () => {
  let strays: Array<{ hash: string; uri: string }>;

  beforeAll(async () => {
    strays = await Promise.all([
      h.store.put(new TextEncoder().encode('a stray table'), '.arrow'),
      putJson(h.store, { stray: 'report' }),
      h.store.put(new Uint8Array(4096).fill(9), '.onnx'),
    ]);
  });

  it('finds every artifact the database references', async () => {
    const found = await referencedHashes(h.database.db);
    for (const uri of await referencedUris()) expect(found.has(uri.slice('artifact://sha256/'.length, 'artifact://sha256/'.length + 64))).toBe(true);
    for (const s of strays) expect(found.has(s.hash)).toBe(false);
  });

  it('keeps everything written within the grace period (1 h unless told)', async () => {
    const before = await keys();
    const r = await h.api.as('admin').admin.gc.mutate({});
    expect(r.dryRun).toBe(false);
    expect(r.removed).toEqual([]);
    expect(r.kept.recent).toBeGreaterThanOrEqual(strays.length);
    expect(r.stored.count).toBe(before.length);
    expect(await keys()).toEqual(before);
  });

  it('keeps what was written since an active run began, whatever the grace period', async () => {
    // The run is marked running again for this check only: its checkpoints would be in Temporal's heartbeats.
    await h.database.db.update(runs).set({ status: 'running' }).where(eq(runs.id, runId));
    try {
      const r = await h.api.as('admin').admin.gc.mutate({ dryRun: true, olderThan: '0s' });
      expect(r.heldBy?.runId).toBe(runId);
      expect(new Date(r.cutoff).getTime()).toBe(new Date(r.heldBy!.createdAt).getTime());
      expect(r.removed).toEqual([]);
    } finally {
      await h.database.db.update(runs).set({ status: 'succeeded' }).where(eq(runs.id, runId));
    }
  });

  it('lists the unreferenced artifacts and their bytes in a dry run, removing nothing (CLI)', async () => {
    const before = await keys();
    const out = await headrace(['gc', '--dry-run', '--older-than', '0s', '--json'], { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.admin.token });
    expect(out.code, out.stderr).toBe(0);
    const r = JSON.parse(out.stdout) as { dryRun: boolean; removed: Array<{ uri: string; size: number }>; removedBytes: number };
    expect(r.dryRun).toBe(true);
    const removed = r.removed.map((a) => a.uri);
    expect(removed).toEqual(expect.arrayContaining(strays.map((s) => s.uri)));
    // Nothing referenced is on the list; what else is are the training step's checkpoints, dead once it succeeded.
    const referenced = new Set(await referencedUris());
    expect(removed.filter((u) => referenced.has(u))).toEqual([]);
    const others = removed.filter((u) => !strays.some((s) => s.uri === u));
    expect(others.length).toBeGreaterThan(0);
    for (const u of others) expect(Object.keys(await getJson<object>(h.store, u))).toEqual(expect.arrayContaining(['format', 'state', 'loss']));
    expect(r.removedBytes).toBe(r.removed.reduce((n, a) => n + a.size, 0));
    expect(await keys()).toEqual(before);
    const text = await headrace(['gc', '--dry-run', '--older-than', '0s'], { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.admin.token });
    expect(text.stdout).toContain(`would remove ${r.removed.length} artifacts`);
    expect(text.stdout).toContain('dry run: nothing was removed');
    // Only admins may.
    const editor = await headrace(['gc', '--dry-run'], { HEADRACE_URL: h.api.url, HEADRACE_TOKEN: h.api.users.editor.token });
    expect(editor.code).not.toBe(0);
    expect(editor.stderr).toMatch(/admin/i);
  });

  it('removes the strays and keeps every referenced artifact readable, the preview and the model download working', async () => {
    const referenced = await referencedUris();
    const r = await h.api.as('admin').admin.gc.mutate({ olderThan: '0s' });
    expect(r.removed.map((a) => a.uri)).toEqual(expect.arrayContaining(strays.map((s) => s.uri)));
    for (const s of strays) expect(await h.store.has(s.hash)).toBe(false);
    for (const uri of referenced) expect((await h.store.get(uri)).byteLength).toBeGreaterThan(0);
    expect(r.kept.referenced).toBe((await keys()).length);
    // The local download cache goes too, so the model really comes from the bucket again.
    rmSync(join(h.home, 'cache', 'artifacts'), { recursive: true, force: true });
    const got = await download();
    expect(got.status).toBe(200);
    const [v] = await h.database.db.select({ hash: modelVersions.artifactHash }).from(modelVersions).where(eq(modelVersions.runId, runId));
    expect(createHash('sha256').update(Buffer.from(await got.arrayBuffer())).digest('hex')).toBe(v.hash);
    const [d] = await h.database.db.select({ hash: datasets.hash }).from(datasets).where(eq(datasets.runId, runId)).limit(1);
    expect((await h.api.as('viewer').dataset.preview.query({ id: d.hash })).rows.length).toBeGreaterThan(0);
    // A second gc finds nothing more to remove.
    const again = await h.api.as('admin').admin.gc.mutate({ olderThan: '0s' });
    expect(again.removed).toEqual([]);
    expect(again.stored.count).toBe(again.kept.referenced);
    // Every gc call is in the audit log, the editor's refusal too.
    const audit = rowsOf<{ outcome: string; n: number }>(await h.database.db.execute(sql`
      select outcome, count(*)::int as n from audit_log where action = 'admin.gc' group by outcome order by outcome`));
    expect(audit).toEqual([{ outcome: 'denied', n: 1 }, { outcome: 'ok', n: 6 }]);
  });
});
