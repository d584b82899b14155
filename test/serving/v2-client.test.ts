// A standard Open Inference Protocol (V2) client against the predict server, unchanged: Triton's HTTP client
// (tritonclient[http] from PyPI, pinned in test/python/requirements-v2-client.txt, in a virtual environment made
// once and reused) run by test/python/v2_client.py against a real server with a real ONNX model, on PGlite and
// on PostgreSQL. Health, readiness and metadata as the library parses them; infer with one input per feature,
// tensors as JSON, for each row alone and for a batch, equal to the plain route's answers and to a direct
// onnxruntime run; tensors in Triton's binary extension too (the client's default), in and out; version 1
// addressed explicitly; the server's 400 and 404 raised as the client's exception.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pythonVenv } from '../../bench/lib/python';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import { startPredictServer, type PredictServer } from '../../server/serving/server';
import type { Services } from '../../server/services/context';
import { deploy } from '../../server/services/endpoints';
import { freshPostgresDatabase } from '../helpers/fresh-postgres';
import { CLASSES, directAnswer, registerLogistic, type RegisteredModel } from './server-fixtures';

const HERE = import.meta.dirname;
const REQUIREMENTS = resolve(HERE, '../python/requirements-v2-client.txt');
const SCRIPT = resolve(HERE, '../python/v2_client.py');

const backends: Array<[string, () => Promise<string>]> = [
  ['PGlite', async () => 'memory://'],
  ['PostgreSQL', () => freshPostgresDatabase(inject('postgresUrl'), 'v2client')],
];

const ROWS = [{ a: 1.5, b: 2, c: true }, { a: -3, b: 7, c: false }, { a: 10.25, b: -1, c: true }];
const X = [1.5, 2, 1, -3, 7, 0, 10.25, -1, 1];

interface ClientAnswer {
  model_name: string;
  model_version: string;
  id: string | null;
  labels: string[];
  label_shape: number[];
  probabilities: number[][];
  probabilities_dtype: string;
}

interface Refusal {
  exception: string;
  status: string;
  message: string;
}

interface ClientReport {
  server_live: boolean;
  server_ready: boolean;
  model_ready: boolean;
  model_ready_v1: boolean;
  metadata: Record<string, unknown>;
  metadata_v1: Record<string, unknown>;
  inputs: Array<{ name: string; datatype: string; shape: number[] }>;
  single: ClientAnswer[];
  batch: ClientAnswer;
  versioned: ClientAnswer;
  label_only: { outputs: string[]; labels: string[] };
  default_outputs: ClientAnswer;
  binary: ClientAnswer;
  binary_short: Refusal | null;
  missing_input: Refusal | null;
  wrong_version: Refusal | null;
  unknown_model: Refusal | null;
}

let python: string;

beforeAll(async () => {
  // The first run makes the environment from PyPI (about a minute); later runs reuse it.
  python = (await pythonVenv(REQUIREMENTS)).python;
}, 240_000);

function runClient(hostPort: string, model: string): Promise<ClientReport> {
  return new Promise((done, fail) => {
    execFile(python, [SCRIPT, hostPort, model, JSON.stringify(ROWS)], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`v2_client.py failed: ${err.message}\n${stderr}`));
      try {
        done(JSON.parse(stdout) as ClientReport);
      } catch (e) {
        fail(new Error(`v2_client.py printed no JSON (${(e as Error).message}):\n${stdout}\n${stderr}`));
      }
    });
  });
}

let n = 0;
const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${n++}`;

describe.each(backends)('tritonclient.http against the predict server on %s', (_name, url) => {
  let home: string;
  let database: Database;
  let server: PredictServer;
  let model: RegisteredModel;
  let ep: string;
  let report: ClientReport;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'headrace-v2client-'));
    database = await openDatabase(await url(), { migrate: true });
    const store = new LocalArtifactStore(join(home, 'artifacts'));
    model = await registerLogistic(database.db, store, uniqueName('clf'), [11]);
    server = await startPredictServer({ db: database.db, artifacts: store, port: 0, threads: 1, follow: { pollMs: 100 } });
    ep = uniqueName('v2');
    await deploy({ db: database.db } as Services, { endpoint: ep, model: `${model.name}@1`, strategy: 'replace', actor: 'ann' });
    await waitReady(ep);
    report = await runClient(new URL(server.url).host, ep);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await database?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  async function waitReady(endpoint: string) {
    const start = Date.now();
    while (Date.now() - start < 20_000) {
      const r = await fetch(`${server.url}/v2/models/${endpoint}/ready`);
      if (r.status === 200) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`endpoint ${endpoint} did not become ready`);
  }

  /** The plain route's answer for the rows: labels and probabilities in CLASSES order. */
  async function plain(rows: typeof ROWS): Promise<{ labels: string[]; probabilities: number[][] }> {
    const r = await fetch(`${server.url}/v1/endpoints/${ep}/predict`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }),
    });
    expect(r.status).toBe(200);
    const body = await r.json() as { predictions: Array<{ label: string; probabilities: Record<string, number> }> };
    return {
      labels: body.predictions.map((p) => p.label),
      probabilities: body.predictions.map((p) => CLASSES.map((c) => p.probabilities[c])),
    };
  }

  it('sees the server live and ready, and the model ready, unversioned and as version 1', () => {
    expect([report.server_live, report.server_ready, report.model_ready, report.model_ready_v1]).toEqual([true, true, true, true]);
  });

  it('reads the metadata: one input per feature with its datatype and shape [-1], the two outputs', () => {
    expect(report.inputs).toEqual([
      { name: 'a', datatype: 'FP32', shape: [-1] },
      { name: 'b', datatype: 'INT64', shape: [-1] },
      { name: 'c', datatype: 'BOOL', shape: [-1] },
    ]);
    expect(report.metadata).toMatchObject({
      name: ep,
      versions: ['1'],
      platform: 'onnxruntime',
      outputs: [
        { name: 'label', datatype: 'BYTES', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
      ],
    });
    expect(report.metadata_v1).toEqual(report.metadata);
  });

  it('infers each row alone with one input per feature, as the plain route and onnxruntime answer', async () => {
    expect(report.single).toHaveLength(ROWS.length);
    for (const [k, row] of ROWS.entries()) {
      const direct = await directAnswer(model.bytes.get(1)!, X.slice(k * 3, k * 3 + 3), 1);
      const viaPlain = await plain([row]);
      expect(viaPlain).toEqual(direct);
      expect(report.single[k]).toEqual({
        model_name: ep, model_version: '1', id: `tc-single-${k}`,
        labels: direct.labels, label_shape: [1], probabilities: direct.probabilities, probabilities_dtype: 'float32',
      });
    }
  });

  it('infers a batch, and version 1 addressed by its path, as the plain route and onnxruntime answer', async () => {
    const direct = await directAnswer(model.bytes.get(1)!, X, 3);
    expect(await plain(ROWS)).toEqual(direct);
    const expected = {
      model_name: ep, model_version: '1',
      labels: direct.labels, label_shape: [3], probabilities: direct.probabilities, probabilities_dtype: 'float32',
    };
    expect(report.batch).toEqual({ ...expected, id: 'tc-batch' });
    expect(report.versioned).toEqual({ ...expected, id: expect.any(String) });
    expect(report.label_only).toEqual({ outputs: ['label'], labels: direct.labels });
    // Outputs in binary (the client's default when none is named), and inputs too: the same answers.
    expect(report.default_outputs).toEqual({ ...expected, id: expect.any(String) });
    expect(report.binary).toEqual({ ...expected, id: 'tc-binary' });
  });

  it('raises the server\'s 400 and 404 as the client\'s exception, with the server\'s sentence', () => {
    expect(report.missing_input).toEqual({
      exception: 'InferenceServerException', status: '400', message: 'Input "c" is missing (BOOL, shape [-1]: true or false per row).',
    });
    expect(report.wrong_version).toEqual({
      exception: 'InferenceServerException', status: '404', message: `Endpoint ${ep} does not serve version 7; it serves ${model.name}@1.`,
    });
    // Binary inputs whose rows disagree: the first input has two rows, the others three.
    expect(report.binary_short).toEqual({
      exception: 'InferenceServerException', status: '400', message: 'Input "b" has 3 row(s) where "a" has 2; every feature needs one value per row.',
    });
    expect(report.unknown_model).toEqual({
      exception: 'InferenceServerException', status: '404', message: 'No endpoint named no-such-model.',
    });
  });
});
