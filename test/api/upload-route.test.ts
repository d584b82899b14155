// POST /api/data/upload against a running platform (`headrace start --no-web`, auth required, the upload
// limit lowered to 2 KiB with HEADRACE_UPLOAD_MAX_BYTES): an editor's CSV lands in HEADRACE_HOME/data/uploads;
// a file over the limit, a viewer, a signed-out request, a wrong content type, a file that is not a data file
// (by its name or by its bytes), a missing Content-Length and a name with a folder in it are each refused with
// one sentence, and none of them leaves anything in the uploads folder (not even a partial file) or elsewhere.
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadraceClient } from '../../server/api/client';
import { platformUsers, printedAdminToken, startPlatform, stopLauncher, type PlatformPlace } from '../helpers/platform';

const LIMIT = 2048;

let place: PlatformPlace;
let child: ChildProcess | undefined;
let tokens: Record<'viewer' | 'editor', string>;
let uploads: string;

beforeAll(async () => {
  const started = await startPlatform('headrace-upload-route', ['--no-example', '--no-web'], { auth: true, env: { HEADRACE_UPLOAD_MAX_BYTES: String(LIMIT) } });
  ({ place, child } = started);
  const adminToken = printedAdminToken(started.output());
  if (!adminToken) throw new Error(`no admin token in the launcher's output:\n${started.output()}`);
  const users = await platformUsers(place.url, adminToken);
  tokens = { viewer: users.viewer.token, editor: users.editor.token };
  uploads = join(realpathSync(place.home), 'data', 'uploads');
}, 320_000);

afterAll(async () => {
  if (child) await stopLauncher(child);
  if (place) rmSync(place.home, { recursive: true, force: true });
});

const CSV = 'x,label\n1.5,a\n2.5,b\n';

/** Everything in the uploads folder, dot files (partial uploads) included. */
const stored = () => (existsSync(uploads) ? readdirSync(uploads).sort() : []);

async function upload(
  name: string | null,
  body: BodyInit,
  opts: { token?: string | null; type?: string | null; raw?: boolean } = {},
): Promise<{ status: number; error?: string; path?: string; size?: number }> {
  const token = opts.token === undefined ? tokens.editor : opts.token;
  const type = opts.type === undefined ? 'application/octet-stream' : opts.type;
  const query = name === null ? '' : opts.raw ? `?name=${name}` : `?name=${encodeURIComponent(name)}`;
  const res = await fetch(`${place.url}/api/data/upload${query}`, {
    method: 'POST',
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(type && { 'content-type': type }) },
    body,
    ...(body instanceof ReadableStream && { duplex: 'half' }),
  } as RequestInit);
  return { status: res.status, ...((await res.json()) as object) };
}

/** The refusal and its sentence; the uploads folder holds what it held before. */
async function refused(expected: { status: number; error: string }, ...args: Parameters<typeof upload>) {
  const before = stored();
  const answer = await upload(...args);
  expect(answer).toEqual(expected);
  expect(stored()).toEqual(before);
}

describe('the upload route', () => {
  it('tells the picker the configured limit', async () => {
    const roots = await createHeadraceClient({ url: place.url, token: tokens.viewer }).data.roots.query();
    expect(roots.uploads).toEqual({ dir: uploads, maxBytes: LIMIT });
  });

  it('refuses a file over the limit before reading it', async () => {
    await refused({ status: 413, error: "big.csv is 2.9 KiB; uploads are limited to 2.0 KiB (the server's HEADRACE_UPLOAD_MAX_BYTES)." }, 'big.csv', 'x\n'.repeat(1500));
    expect(stored()).toEqual([]);
  });

  it('refuses a viewer and a signed-out request', async () => {
    await refused({ status: 403, error: 'Uploading a data file needs the editor role; viewer-user is a viewer.' }, 'data.csv', CSV, { token: tokens.viewer });
    const signedOut = { status: 401, error: 'Sign in (or send an API token as `Authorization: Bearer hr_…`) to upload a file.' };
    await refused(signedOut, 'data.csv', CSV, { token: null });
    await refused(signedOut, 'data.csv', CSV, { token: 'hr_not-a-real-token' });
    expect(stored()).toEqual([]);
  });

  it('refuses a wrong content type, a file that is not a data file, and a body without a size', async () => {
    await refused(
      { status: 415, error: "Send the file's bytes as Content-Type: application/octet-stream, not text/csv." },
      'data.csv',
      CSV,
      { type: 'text/csv' },
    );
    const form = new FormData();
    form.set('file', new Blob([CSV]), 'data.csv');
    const multipart = await upload('data.csv', form, { type: null });
    expect(multipart.status).toBe(415);
    expect(multipart.error).toMatch(/^Send the file's bytes as Content-Type: application\/octet-stream, not multipart\/form-data; boundary=\S+\.$/);
    for (const name of ['model.parquet', 'setup.exe', 'data.csv.sh']) {
      await refused({ status: 415, error: `Only data files can be uploaded: "${name}" does not end in .csv, .tsv, .txt, .json, .jsonl or .ndjson.` }, name, CSV);
    }
    // A Parquet file renamed .csv: its bytes say it is not text.
    const parquet = Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64), Buffer.from('PAR1')]);
    await refused({ status: 415, error: 'renamed.csv is not a text data file: it holds binary bytes, and ingestion reads CSV, TSV and JSON text.' }, 'renamed.csv', parquet);
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(CSV));
        c.close();
      },
    });
    await refused({ status: 411, error: "Send the file's size as Content-Length (a chunked upload is not accepted)." }, 'data.csv', chunked);
    await refused({ status: 400, error: 'Name the file in the address: /api/data/upload?name=FILE.csv.' }, null, CSV);
    expect(stored()).toEqual([]);
  });

  it('refuses a name with a folder in it, and writes nothing there or in the uploads folder', async () => {
    const names = ['../../evil.csv', '../evil.csv', '/tmp/evil.csv', 'sub/evil.csv', '..\\evil.csv', '..'];
    for (const name of names) {
      await refused(
        { status: 400, error: `The file name ${JSON.stringify(name)} names a folder: send the file's own name only (uploads always go to the uploads folder).` },
        name,
        CSV,
      );
    }
    // Sent unencoded, as a hand-made request would: the server decodes the same name and refuses it the same way.
    await refused(
      { status: 400, error: 'The file name "../../evil.csv" names a folder: send the file\'s own name only (uploads always go to the uploads folder).' },
      '..%2F..%2Fevil.csv',
      CSV,
      { raw: true },
    );
    await refused({ status: 400, error: 'The file name ".evil.csv" starts with a dot: hidden files are not data files.' }, '.evil.csv', CSV);
    const home = realpathSync(place.home);
    for (const p of [join(home, 'evil.csv'), join(home, 'data', 'evil.csv'), join(home, '..', 'evil.csv'), '/tmp/evil.csv']) expect(existsSync(p)).toBe(false);
    expect(stored()).toEqual([]);
  });

  it("stores an editor's CSV under its name, never replacing one that exists", async () => {
    const first = await upload('my data.csv', CSV);
    expect(first).toEqual({ status: 201, path: join(uploads, 'my_data.csv'), size: CSV.length });
    const second = await upload('my data.csv', 'x,label\n9,z\n');
    expect(second).toMatchObject({ status: 201, path: join(uploads, 'my_data-1.csv') });
    expect(readFileSync(join(uploads, 'my_data.csv'), 'utf8')).toBe(CSV);
    expect(stored()).toEqual(['my_data-1.csv', 'my_data.csv']);
    // Exactly at the limit is accepted.
    const atLimit = await upload('full.csv', 'x\n'.repeat(LIMIT / 2));
    expect(atLimit).toMatchObject({ status: 201, size: LIMIT });
  });
});
