// The server side of the serve bench, one child process pinned to one core by bench/serve.ts (`taskset -c 0`):
//
//   node --import tsx bench/serve/server.ts headrace '{"models": ["penguins"], "floor": false, "shadow": true}'
//     The database at `databaseUrl` (bench/serve.ts serves a fresh PGlite per side over pglite-socket from its own
//     process, as `headrace start` does; in memory here without one) and a local artifact store; each model registered (version 1; version 2 too
//     when shadow is asked), deployed with the control plane (deploy(), strategy replace) behind endpoint MODEL;
//     with shadow, endpoint MODEL-shadow answers from version 1 and copies every request to version 2 (variants
//     {primary, weight 100} and {shadow, weight 100}). Then startPredictServer as `headrace serve` runs it (its
//     defaults: one inference thread per core it may use, the prediction log on). Prints `ready {"port": N}`.
//     With "floor": true the same server answers every prediction with a constant: InferenceEngine.predict is
//     replaced (in this process only) by one that returns the outputs a real run gave for the same number of
//     rows, so the server does everything but inference — the HTTP floor of the stack. Its stdin takes
//     `stats ENDPOINT SINCE_MS` and answers `stats [VariantSummary…]` (what the server flushed to serving_windows).
//
//   node --import tsx bench/serve/server.ts ort '{"model": "penguins", "seconds": 1, "rounds": 3}'
//     onnxruntime-node's run() in this process, with the inference worker's session options: runs per second for
//     one row and rows per second in 64-row batches. Prints `ort {"single": [runs/s…], "batch64": [rows/s…]}`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import ort from 'onnxruntime-node';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase } from '../../server/db/client';
import { createDeployment, type Variant } from '../../server/db/repo/endpoints';
import { registerModelVersion } from '../../server/db/repo/registry';
import { summarizeServing } from '../../server/db/repo/serving-windows';
import { InferenceEngine, type ModelOutputs } from '../../server/serving/engine';
import { startPredictServer } from '../../server/serving/server';
import type { Services } from '../../server/services/context';
import { deploy } from '../../server/services/endpoints';
import { benchModel, benchRows, type ModelName } from './models';

async function headrace(opts: { models: ModelName[]; floor?: boolean; shadow?: boolean; databaseUrl?: string }): Promise<void> {
  if (opts.floor) {
    const real = InferenceEngine.prototype.predict;
    const answers = new Map<string, ModelOutputs>();
    InferenceEngine.prototype.predict = async function (versionId: string, X: Float32Array, rows: number): Promise<ModelOutputs> {
      const key = `${versionId}/${rows}`;
      let out = answers.get(key);
      if (!out) {
        out = await real.call(this, versionId, X, rows);
        answers.set(key, out);
      }
      return out;
    };
  }
  const home = mkdtempSync(join(tmpdir(), 'headrace-serve-bench-'));
  // The database in a process of its own, as under `headrace start` (the launcher serves PGlite over a socket) and
  // in production (PostgreSQL): a predict server never runs its database's queries on its own thread.
  const database = await openDatabase(opts.databaseUrl ?? 'memory://', { migrate: true });
  const db = database.db;
  const store = new LocalArtifactStore(join(home, 'artifacts'));
  const svc = { db } as Services;
  for (const name of opts.models) {
    const ids: string[] = [];
    for (const seed of opts.shadow ? [7, 8] : [7]) {
      const m = benchModel(name, seed);
      const put = await store.put(m.bytes, '.onnx');
      const { row } = await registerModelVersion(db, {
        name, artifactUri: put.uri, artifactHash: put.hash, stage: 'staging', signature: m.signature,
        trainingDatasets: [], metrics: {}, tags: {}, lineage: {}, features: m.features,
      });
      ids.push(row.id);
    }
    await deploy(svc, { endpoint: name, model: `${name}@1`, strategy: 'replace', actor: 'bench' });
    if (opts.shadow) {
      const variants: Variant[] = [
        { name: `${name}-v1`, modelVersionId: ids[0], weight: 100, role: 'primary' },
        { name: `${name}-v2`, modelVersionId: ids[1], weight: 100, role: 'shadow' },
      ];
      await createDeployment(db, { endpoint: `${name}-shadow`, strategy: 'shadow', variants, config: {}, status: 'active', actor: 'bench' });
    }
  }
  const server = await startPredictServer({ db, artifacts: store, port: 0, log: () => undefined });
  // Until every endpoint answers (the follower loads each deployment's versions first).
  const endpoints = opts.models.flatMap((m) => (opts.shadow ? [m, `${m}-shadow`] : [m]));
  const t0 = Date.now();
  for (;;) {
    const res = await fetch(`${server.url}/v2/health/ready`);
    const body = (await res.json()) as { ready: boolean; endpoints: Array<{ name: string; ready: boolean }> };
    if (body.ready && endpoints.every((e) => body.endpoints.some((x) => x.name === e && x.ready))) break;
    if (Date.now() - t0 > 60_000) throw new Error(`the predict server did not get ready: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  process.stdout.write(`ready ${JSON.stringify({ port: server.port })}\n`);

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [cmd, endpoint, since] = line.trim().split(' ');
    if (cmd !== 'stats') return;
    summarizeServing(db, { endpoint, since: new Date(Number(since)) }).then(
      (s) => process.stdout.write(`stats ${JSON.stringify(s)}\n`),
      (err: unknown) => process.stdout.write(`stats ${JSON.stringify({ error: (err as Error).message })}\n`),
    );
  });
  const stop = async () => {
    await server.close();
    await database.close();
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  lines.once('close', () => void stop());
}

/** The inference worker's session options (server/serving/engine/worker.mjs). */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3,
};

async function ortRuns(opts: { model: ModelName; seconds: number; rounds: number }): Promise<void> {
  const m = benchModel(opts.model);
  const session = await ort.InferenceSession.create(m.bytes, SESSION_OPTIONS);
  const F = m.signature.features.length;
  const feed = (rows: number) => ({ [m.signature.input]: new ort.Tensor('float32', Float32Array.from(benchRows(m, rows).flat()), [rows, F]) });
  const rate = async (rows: number): Promise<number> => {
    const input = feed(rows);
    let n = 0;
    const t0 = performance.now();
    const end = t0 + opts.seconds * 1000;
    while (performance.now() < end) {
      for (let i = 0; i < 50; i++) await session.run(input);
      n += 50;
    }
    return (n * rows) / ((performance.now() - t0) / 1000);
  };
  await rate(1);
  await rate(64);
  const out = { single: [] as number[], batch64: [] as number[] };
  for (let r = 0; r < opts.rounds; r++) {
    out.single.push(await rate(1));
    out.batch64.push(await rate(64));
  }
  await session.release();
  process.stdout.write(`ort ${JSON.stringify(out)}\n`);
}

const [mode, json] = process.argv.slice(2);
if (mode === 'headrace') await headrace(JSON.parse(json));
else if (mode === 'ort') await ortRuns(JSON.parse(json));
else throw new Error(`bench/serve/server.ts takes headrace or ort, not ${mode}`);
