// `headrace predict ENDPOINT --file rows.json|rows.csv`: how rows files are read (and refused), and the real
// command against a real predict server (in-process, PGlite, a real ONNX model deployed behind an endpoint):
// predictions as a table and as JSON, and the server's refusals (unknown endpoint, bad feature) and an
// unreachable server as one line each with exit code 2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import { createDeployment, replaceVariants, versionForDeploy } from '../../server/db/repo/endpoints';
import { getModelVersion } from '../../server/db/repo/registry';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import { freePort } from '../../server/temporal/dev-server';
import { parseCsvRows, parseJsonRows, readRows, serveUrl } from '../../cli/commands/predict';
import { headrace } from '../helpers/cli';
import { directAnswer, registerLogistic } from '../serving/server-fixtures';

describe('rows files', () => {
  it('reads CSV with a header: numbers, booleans, empty cells as null, quoted text kept as text', () => {
    const rows = parseCsvRows('a,b,c,name\r\n1.5,2,true,"x, ""quoted"""\n-3e2,,false,"7"\n\n');
    expect(rows).toEqual([
      { a: 1.5, b: 2, c: true, name: 'x, "quoted"' },
      { a: -300, b: null, c: false, name: '7' },
    ]);
    expect(parseCsvRows('\uFEFFa;b\n1', 'semi.csv')).toEqual([{ 'a;b': 1 }]);
    expect(parseCsvRows('"multi\nline",b\n1,2')).toEqual([{ 'multi\nline': 1, b: 2 }]);
  });

  it('refuses a CSV that is empty, has no rows, a ragged line, an empty or repeated column, an open quote', () => {
    expect(() => parseCsvRows('', 'r.csv')).toThrow('r.csv is empty: give a header line of feature names, then one line per row');
    expect(() => parseCsvRows('a,b\n', 'r.csv')).toThrow('r.csv has a header but no rows');
    expect(() => parseCsvRows('a,b\n1,2\n3\n', 'r.csv')).toThrow('r.csv: data line 2 has 1 fields where the header has 2');
    expect(() => parseCsvRows('a,,b\n1,2,3', 'r.csv')).toThrow('r.csv: the header has an empty column name');
    expect(() => parseCsvRows('a,a\n1,2', 'r.csv')).toThrow('r.csv: the header names column "a" twice');
    expect(() => parseCsvRows('a,b\n"1,2\n', 'r.csv')).toThrow(/r\.csv: a quoted field opened before line \d+ is never closed/);
  });

  it('reads JSON as an array of rows, {"rows": [...]}, or one object', () => {
    expect(parseJsonRows('[{"a": 1}, {"a": 2}]')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseJsonRows('{"rows": [{"a": 1}]}')).toEqual([{ a: 1 }]);
    expect(parseJsonRows('{"a": 1, "b": null}')).toEqual([{ a: 1, b: null }]);
  });

  it('refuses JSON that does not parse, has no rows, or rows that are not objects', () => {
    expect(() => parseJsonRows('{"a": ', 'r.json')).toThrow(/^r\.json is not JSON: /);
    expect(() => parseJsonRows('[]', 'r.json')).toThrow('r.json has no rows');
    expect(() => parseJsonRows('{"rows": 3}', 'r.json')).toThrow('r.json: "rows" must be an array of objects, one per row');
    expect(() => parseJsonRows('[{"a": 1}, [1, 2]]', 'r.json')).toThrow('r.json: row 2 is not an object of feature: value (an array)');
    expect(() => parseJsonRows('[null]', 'r.json')).toThrow('r.json: row 1 is not an object of feature: value (null)');
  });

  it('picks the format by extension and names a missing file or an unknown format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headrace-predict-files-'));
    try {
      writeFileSync(join(dir, 'rows.CSV'), 'a\n1\n');
      writeFileSync(join(dir, 'rows.txt'), 'a\n1\n');
      writeFileSync(join(dir, 'rows.data'), ' [{"a": 1}]');
      expect(await readRows(join(dir, 'rows.CSV'))).toEqual([{ a: 1 }]);
      expect(await readRows(join(dir, 'rows.data'))).toEqual([{ a: 1 }]);
      await expect(readRows(join(dir, 'rows.txt'))).rejects.toThrow(/rows\.txt: give rows as \.json .* or \.csv/);
      await expect(readRows(join(dir, 'nope.json'))).rejects.toThrow(`no file ${join(dir, 'nope.json')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the predict server by flag, then HEADRACE_SERVE_URL, then 127.0.0.1:8080', () => {
    const saved = process.env.HEADRACE_SERVE_URL;
    try {
      delete process.env.HEADRACE_SERVE_URL;
      expect(serveUrl()).toBe('http://127.0.0.1:8080');
      process.env.HEADRACE_SERVE_URL = 'http://serve.example:9000/';
      expect(serveUrl()).toBe('http://serve.example:9000');
      expect(serveUrl('http://flag:1')).toBe('http://flag:1');
    } finally {
      if (saved === undefined) delete process.env.HEADRACE_SERVE_URL;
      else process.env.HEADRACE_SERVE_URL = saved;
    }
  });
});

describe('headrace predict against a predict server', () => {
  let home: string;
  let database: Database;
  let server: PredictServer;
  let bytes: Uint8Array;
  const env = () => ({ HEADRACE_SERVE_URL: server.url, HEADRACE_HOME: home, HEADRACE_URL: 'http://127.0.0.1:9', HEADRACE_TOKEN: '' });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-predict-'));
    database = await openDatabase('memory://', { migrate: true });
    const store = new LocalArtifactStore(join(home, 'artifacts'));
    const model = await registerLogistic(database.db, store, 'kinds', [11]);
    bytes = model.bytes.get(1)!;
    const row = (await getModelVersion(database.db, 'kinds', 1))!;
    const v = (await versionForDeploy(database.db, row.id))!;
    await createDeployment(database.db, { endpoint: 'kinds', strategy: 'replace', variants: replaceVariants(v), status: 'active', actor: 'test' });
    server = await startPredictServer({ db: database.db, artifacts: store, port: 0, threads: 1 });
    const until = Date.now() + 20_000;
    while (!(await fetch(`${server.url}/v2/models/kinds/ready`).then((r) => r.ok, () => false))) {
      if (Date.now() > until) throw new Error('the endpoint never became ready');
      await new Promise((r) => setTimeout(r, 50));
    }
    writeFileSync(join(home, 'rows.csv'), 'a,b,c\n0.5,2,true\n-1.25,0,false\n');
    writeFileSync(join(home, 'rows.json'), JSON.stringify({ rows: [{ a: 0.5, b: 2, c: true }, { a: -1.25, b: 0, c: false }] }));
    writeFileSync(join(home, 'bad.json'), JSON.stringify([{ a: 0.5, b: 2 }]));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await database?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints one prediction per row of a CSV file, as the model answers it', async () => {
    const expected = await directAnswer(bytes, [0.5, 2, 1, -1.25, 0, 0], 2);
    const r = await headrace(['predict', 'kinds', '--file', join(home, 'rows.csv')], env());
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^row +prediction +probability$/);
    expected.labels.forEach((label, i) => {
      const top = Math.max(...expected.probabilities[i]);
      expect(lines[i + 1]).toMatch(new RegExp(`^${i + 1} +${label} +${(top * 100).toFixed(1)}%$`));
    });
    expect(lines[3]).toMatch(/kinds answered with kinds v1 · request \S+/);
  });

  it('--json prints the server\'s answer for a JSON file', async () => {
    const expected = await directAnswer(bytes, [0.5, 2, 1, -1.25, 0, 0], 2);
    const r = await headrace(['predict', 'kinds', '--file', join(home, 'rows.json'), '--json'], env());
    expect(r.code, r.stderr).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.model).toEqual({ name: 'kinds', version: 1, variant: 'kinds-v1' });
    expect(answer.predictions.map((p: { label: string }) => p.label)).toEqual(expected.labels);
    expect(typeof answer.requestId).toBe('string');
  });

  it('says what the server refused, in one line, with exit code 2', async () => {
    const missing = await headrace(['predict', 'kinds', '--file', join(home, 'bad.json')], env());
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^headrace: kinds: 400 Row \d+ is missing feature "c"/);
    const unknown = await headrace(['predict', 'nowhere', '--file', join(home, 'rows.csv'), '--json'], env());
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stderr).error).toMatchObject({ code: 'HTTP_404', exit: 2 });
    expect(JSON.parse(unknown.stderr).error.message).toMatch(/^nowhere: 404 /);
  });

  it('names an unreachable server, a missing file and a missing --file', async () => {
    const port = await freePort();
    const down = await headrace(['predict', 'kinds', '--file', join(home, 'rows.csv'), '--serve-url', `http://127.0.0.1:${port}`], env());
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(`headrace: cannot reach the predict server at http://127.0.0.1:${port}: ECONNREFUSED`);
    const nofile = await headrace(['predict', 'kinds', '--file', join(home, 'none.csv')], env());
    expect(nofile.code).toBe(2);
    expect(nofile.stderr.trim()).toBe(`headrace: no file ${join(home, 'none.csv')}`);
    const noflag = await headrace(['predict', 'kinds'], env());
    expect(noflag.code).toBe(2);
    expect(noflag.stderr).toContain("required option '--file <file>' not specified");
  });
});
