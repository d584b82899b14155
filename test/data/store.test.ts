// The artifact store's contract, run against both stores: a local folder, and S3 on a real S3-compatible server
// (SeaweedFS, started for this file by test/helpers/seaweedfs.ts; `headrace setup --s3` builds it once).
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import { HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { openArtifactStore } from '../../server/artifacts/open';
import { S3ArtifactStore } from '../../server/artifacts/s3';
import { LocalArtifactStore, getJson, putJson, sha256Hex, parseArtifactUri, type ArtifactStore, type StoredArtifact } from '../../server/artifacts/store';
import { loadConfig } from '../../server/config';
import { predictionLogDir } from '../../server/serving/prediction-log';
import { readTable, tableFromColumns, writeTable } from '../../workers/compute/data/table';
import { startSeaweedfs, type S3Server } from '../helpers/seaweedfs';
import { tempDir } from './helpers';

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** One store under test, and what a test may look at beneath it. */
interface Subject {
  store: ArtifactStore;
  /** Every stored object or file, temp files included (names relative to the store's root or prefix). */
  objects(): Promise<string[]>;
  /** When the stored artifact was written (ms). */
  written(hash: string, ext: string): Promise<number>;
  /** Where `path()` puts (local) or downloads (S3) an artifact. */
  expectedPath(hash: string, ext: string): string;
}

interface Backend {
  name: string;
  open(dir: string): Promise<Subject>;
}

// One server for the file (it takes seconds to start); every store gets its own prefix in its bucket.
let s3: S3Server;
let prefixes = 0;
beforeAll(async () => {
  s3 = await startSeaweedfs({ bucket: 'store-tests' });
}, 120_000);
afterAll(() => s3?.stop());

const backends: Backend[] = [
  {
    name: 'LocalArtifactStore',
    open: async (dir) => {
      const root = join(dir, 'artifacts');
      const store = new LocalArtifactStore(root);
      return {
        store,
        objects: async () => walk(root).map((f) => f.slice(root.length + 1)),
        written: async (hash, ext) => (await import('node:fs')).statSync(join(root, 'sha256', hash.slice(0, 2), hash + ext)).mtimeMs,
        expectedPath: (hash, ext) => join(root, 'sha256', hash.slice(0, 2), hash + ext),
      };
    },
  },
  {
    name: 'S3ArtifactStore',
    open: async (dir) => {
      const prefix = `t${++prefixes}/nested`;
      const cacheDir = join(dir, 'cache');
      const store = new S3ArtifactStore({
        location: s3.location(prefix),
        cacheDir,
        client: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials },
      });
      const keyOf = (hash: string, ext: string) => `${prefix}/sha256/${hash.slice(0, 2)}/${hash}${ext}`;
      return {
        store,
        objects: async () => {
          const page = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `${prefix}/` }));
          return (page.Contents ?? []).map((o) => o.Key!.slice(prefix.length + 1));
        },
        written: async (hash, ext) => {
          const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: keyOf(hash, ext) }));
          return head.LastModified!.getTime();
        },
        expectedPath: (hash, ext) => join(cacheDir, 'sha256', hash.slice(0, 2), hash + ext),
      };
    },
  },
];

describe.each(backends)('$name', (backend) => {
  let t: ReturnType<typeof tempDir>;
  let subject: Subject;
  let store: ArtifactStore;
  beforeEach(async () => {
    t = tempDir();
    subject = await backend.open(t.dir);
    store = subject.store;
  });
  afterEach(() => t.cleanup());

  it('round-trips bytes by uri and by hash', async () => {
    const bytes = new TextEncoder().encode('hello headrace');
    const put = await store.put(bytes, '.txt');
    expect(put.hash).toBe(sha256Hex(bytes));
    expect(put.uri).toBe(`artifact://sha256/${put.hash}.txt`);
    expect(put.size).toBe(bytes.length);
    const file = await store.path(put.hash);
    expect(file).toBe(subject.expectedPath(put.hash, '.txt'));
    expect(readFileSync(file, 'utf8')).toBe('hello headrace');
    expect(await store.path(put.hash, '.txt')).toBe(file);
    expect(Buffer.from(await store.get(put.uri)).toString()).toBe('hello headrace');
    expect(Buffer.from(await store.get(put.hash)).toString()).toBe('hello headrace');
    expect(await store.has(put.hash)).toBe(true);
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('put is idempotent and does not rewrite an existing artifact', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const a = await store.put(bytes);
    const before = await subject.written(a.hash, '');
    // S3 times objects to the second: wait past one so a rewrite would show.
    await new Promise((r) => setTimeout(r, 1100));
    const b = await store.put(bytes);
    expect(b).toEqual(a);
    expect(await subject.written(a.hash, '')).toBe(before);
    expect(await subject.objects()).toEqual([`sha256/${a.hash.slice(0, 2)}/${a.hash}`]);
  });

  it('writes atomically: no temp files remain, even with concurrent puts of the same bytes', async () => {
    const bytes = new Uint8Array(1 << 20).fill(7);
    await Promise.all(Array.from({ length: 8 }, () => store.put(bytes, '.bin')));
    const objects = await subject.objects();
    expect(objects).toHaveLength(1);
    expect(objects.some((f) => f.includes('.tmp-'))).toBe(false);
    expect(sha256Hex(await store.get(sha256Hex(bytes)))).toBe(sha256Hex(bytes));
  });

  it('stores JSON with putJson/getJson', async () => {
    const ref = await putJson(store, { a: 1, b: ['x'] });
    expect(ref.uri.endsWith('.json')).toBe(true);
    expect(await getJson(store, ref.uri)).toEqual({ a: 1, b: ['x'] });
  });

  it('rejects bad references and reports missing artifacts clearly', async () => {
    expect(() => parseArtifactUri('artifact://sha256/../../etc/passwd')).toThrow(/not an artifact reference/);
    await expect(store.get('f'.repeat(64))).rejects.toThrow(/not found/);
    await expect(store.get(`artifact://sha256/${'f'.repeat(64)}.json`)).rejects.toThrow(/not found/);
    await expect(store.put(new Uint8Array(1), '/../x')).rejects.toThrow(/bad artifact extension/);
    expect(await subject.objects()).toEqual([]);
  });

  it('stores parts as their concatenation, and a table as tableToIPC would', async () => {
    const parts = [new TextEncoder().encode('hello '), new Uint8Array(0), new TextEncoder().encode('headrace')];
    const put = await store.put(parts, '.txt');
    expect(put).toMatchObject({ hash: sha256Hex(new TextEncoder().encode('hello headrace')), size: 14 });
    expect(Buffer.from(await store.get(put.uri)).toString()).toBe('hello headrace');
    const table = tableFromColumns([
      { name: 'x', type: 'number', values: Float64Array.from([1.5, 2, 0]), valid: Uint8Array.from([1, 1, 0]) },
      { name: 's', type: 'string', values: ['a', 'bc', ''], valid: null },
    ]);
    const ref = await writeTable(store, table);
    expect(ref.hash).toBe(sha256Hex(arrow.tableToIPC(table, 'file')));
    expect((await readTable(store, ref)).getChild('s')!.toArray()).toEqual(['a', 'bc', '']);
  });

  it('lists what it stores (hash, extension, size, time) and deletes one artifact', async () => {
    const t0 = Date.now() - 2000; // object stores keep whole seconds
    const a = await store.put(new TextEncoder().encode('first'), '.txt');
    const b = await putJson(store, { second: true });
    const listed: StoredArtifact[] = [];
    for await (const x of store.list()) listed.push(x);
    expect(listed.map((x) => [x.uri, x.size]).sort()).toEqual([[a.uri, 5], [b.uri, b.size]].sort());
    for (const x of listed) {
      expect(x.modified.getTime()).toBeGreaterThanOrEqual(t0);
      expect(x.modified.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      expect(x.uri).toBe(`artifact://sha256/${x.hash}${x.ext}`);
    }
    await store.path(a.hash); // an S3 store's cached copy goes with it
    await store.delete(a.hash, '.txt');
    await store.delete(a.hash, '.txt'); // already gone: not an error
    expect(await store.has(a.hash)).toBe(false);
    await expect(store.get(a.uri)).rejects.toThrow(/not found/);
    expect(existsSync(subject.expectedPath(a.hash, '.txt'))).toBe(false);
    expect(await getJson(store, b.uri)).toEqual({ second: true });
    expect(await subject.objects()).toEqual([`sha256/${b.hash.slice(0, 2)}/${b.hash}.json`]);
  });
});

describe('S3ArtifactStore on SeaweedFS', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());
  const open = (prefix: string, partSize?: number) => new S3ArtifactStore({
    location: s3.location(`only/${prefix}`),
    cacheDir: join(t.dir, 'cache'),
    client: { endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3.credentials },
    ...(partSize ? { partSize } : {}),
  });

  it('puts a large table as a multipart upload and reads it back whole, by uri, by hash and as a file', async () => {
    const store = open('large', 5 * 1024 * 1024);
    const n = 700_000; // two float64 columns and a string column: about 17 MiB of Arrow
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    const s: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      x[i] = i * 0.5;
      y[i] = Math.sin(i);
      s[i] = `row-${i % 1000}`;
    }
    const table = tableFromColumns([
      { name: 'x', type: 'number', values: x, valid: null },
      { name: 'y', type: 'number', values: y, valid: null },
      { name: 's', type: 'string', values: s, valid: null },
    ]);
    const ipc = arrow.tableToIPC(table, 'file');
    expect(ipc.byteLength).toBeGreaterThan(15 * 1024 * 1024);
    const ref = await writeTable(store, table);
    expect(ref.hash).toBe(sha256Hex(ipc));
    // S3 gives a multipart object the ETag "<md5 of the parts' md5s>-<parts>".
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: store.key(ref.hash, '.arrow') }));
    expect(head.ETag).toMatch(new RegExp(`-${Math.ceil(ipc.byteLength / (5 * 1024 * 1024))}"$`));
    expect(head.ContentLength).toBe(ipc.byteLength);
    const back = await readTable(store, ref);
    expect(back.numRows).toBe(n);
    expect(back.getChild('y')!.get(n - 1)).toBe(Math.sin(n - 1));
    expect(sha256Hex(await store.get(ref.hash))).toBe(ref.hash);
    const file = await store.path(ref.hash);
    expect(sha256Hex(readFileSync(file))).toBe(ref.hash);
    // A second store on the same location (another process) sees it, and writing it again uploads nothing.
    const other = open('large', 5 * 1024 * 1024);
    expect(await other.has(ref.hash)).toBe(true);
    const again = await writeTable(other, table);
    expect(again.hash).toBe(ref.hash);
    const head2 = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: store.key(ref.hash, '.arrow') }));
    expect(head2.LastModified).toEqual(head.LastModified);
  }, 120_000);

  it('refuses a downloaded object whose bytes no longer match its name, leaving no file in the cache', async () => {
    const store = open('tampered');
    const put = await store.put(new TextEncoder().encode('the real bytes'), '.txt');
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: store.key(put.hash, '.txt'), Body: 'other bytes' }));
    await expect(store.path(put.hash, '.txt')).rejects.toThrow(/changed outside Headrace/);
    expect(walk(join(t.dir, 'cache'))).toEqual([]);
  });

  it('keeps stores under different prefixes apart', async () => {
    const a = open('tenant-a');
    const b = open('tenant-b');
    const put = await a.put(new TextEncoder().encode('only in a'), '.txt');
    expect(await a.has(put.hash)).toBe(true);
    expect(await b.has(put.hash)).toBe(false);
    const inB: string[] = [];
    for await (const x of b.list()) inB.push(x.uri);
    expect(inB).toEqual([]);
  });
});

describe('openArtifactStore', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  it('opens a folder by default or when HEADRACE_ARTIFACTS is a path, the prediction log beside it', () => {
    const byDefault = loadConfig({ HEADRACE_HOME: t.dir });
    const store = openArtifactStore(byDefault);
    expect(store).toBeInstanceOf(LocalArtifactStore);
    expect((store as LocalArtifactStore).root).toBe(join(t.dir, 'artifacts'));
    expect(predictionLogDir({ artifacts: store })).toBe(join(t.dir, 'predictions'));
    expect(byDefault.predictionsDir).toBe(join(t.dir, 'predictions'));
    const elsewhere = loadConfig({ HEADRACE_HOME: t.dir, HEADRACE_ARTIFACTS: join(t.dir, 'shared', 'store') });
    expect((openArtifactStore(elsewhere) as LocalArtifactStore).root).toBe(join(t.dir, 'shared', 'store'));
    expect(elsewhere.predictionsDir).toBe(join(t.dir, 'shared', 'predictions'));
    expect(openArtifactStore(elsewhere)).toBe(openArtifactStore(elsewhere));
  });

  it('opens S3 for s3://bucket/prefix, with the endpoint, region and credentials of the AWS variables', async () => {
    const config = loadConfig({ HEADRACE_HOME: t.dir, HEADRACE_ARTIFACTS: s3.location('from/env/'), ...s3.env });
    expect(config.artifacts).toBe(s3.location('from/env/'));
    expect(config.s3).toMatchObject({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
    const store = openArtifactStore(config);
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect((store as S3ArtifactStore).prefix).toBe('from/env/');
    expect(predictionLogDir({ artifacts: store })).toBe(join(t.dir, 'predictions'));
    const put = await putJson(store, { via: 'env' });
    const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'from/env/sha256/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([`from/env/sha256/${put.hash.slice(0, 2)}/${put.hash}.json`]);
    // AWS itself (no endpoint): virtual-hosted requests unless told; a bad location fails at once, clearly.
    expect(loadConfig({ HEADRACE_ARTIFACTS: 's3://bucket-name/x' }).s3.forcePathStyle).toBe(false);
    expect(loadConfig({ HEADRACE_ARTIFACTS: 's3://bucket-name/x', HEADRACE_S3_PATH_STYLE: 'true' }).s3.forcePathStyle).toBe(true);
    expect(() => openArtifactStore(loadConfig({ HEADRACE_HOME: t.dir, HEADRACE_ARTIFACTS: 's3://Not_A_Bucket/x' }))).toThrow(/expected s3:\/\/bucket\/prefix/);
    expect(() => openArtifactStore(loadConfig({ HEADRACE_HOME: t.dir, HEADRACE_ARTIFACTS: 's3://bucket-name/x', AWS_ENDPOINT_URL_S3: 'localhost:8333' })))
      .toThrow(/AWS_ENDPOINT_URL_S3 \(or AWS_ENDPOINT_URL\)="localhost:8333" is not a URL/);
    // Other tools' AWS settings do not stop a platform on a local store.
    expect(openArtifactStore(loadConfig({ HEADRACE_HOME: t.dir, AWS_ENDPOINT_URL: 'not a url' }))).toBeInstanceOf(LocalArtifactStore);
  });
});
