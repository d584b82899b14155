// Model versions for the serving control-plane tests: registered with the registry's own code, in the stages
// a case needs. Without a store the artifact is never opened (a direct deploy does not), so its URI only has to
// be unique; with one, each version is a real ONNX file there, as a rollout's check opens it.
import { randomUUID } from 'node:crypto';
import type { ArtifactStore } from '../../server/artifacts/store';
import type { Db } from '../../server/db/client';
import { registerModelVersion, setStage, type Stage } from '../../server/db/repo/registry';
import { exportLogistic } from '../../workers/compute/ml/export';

export interface FixtureModel {
  name: string;
  /** version number → stage, as registered */
  versions: Record<number, Stage>;
}

/**
 * Registers `stages.length` versions of a fresh model (v1, v2, …), each moved to its stage, and tags the
 * versions of `aliases` (`{ champion: 2 }` tags v2 `alias: champion`).
 */
export async function fixtureModel(db: Db, prefix: string, stages: Stage[], aliases: Record<string, number> = {}, store?: ArtifactStore): Promise<FixtureModel> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  const versions: Record<number, Stage> = {};
  for (const [i, stage] of stages.entries()) {
    let hash = randomUUID().replaceAll('-', '');
    let artifactUri = `artifact://sha256/${hash}.onnx`;
    if (store) {
      const { bytes } = exportLogistic({
        features: ['a', 'b'], classes: ['x', 'y'], weights: Float32Array.from([1, -1, 0.5, i]), bias: Float32Array.from([0, 0.1]),
        mean: Float32Array.from([0, 0]), std: Float32Array.from([1, 1]), lossCurve: [], startEpoch: 0, epochs: 0, device: 'cpu', trainMillis: 0,
      }, { target: 'y' });
      ({ hash, uri: artifactUri } = await store.put(bytes, '.onnx'));
    }
    const tags = Object.fromEntries(Object.entries(aliases).filter(([, v]) => v === i + 1).map(([alias]) => ['alias', alias]));
    const { row } = await registerModelVersion(db, {
      name, artifactUri, artifactHash: hash, stage: stage === 'staging' ? 'staging' : 'none',
      signature: { input: 'features', features: ['a', 'b'], outputs: ['label', 'probabilities'], target: 'y', classes: ['x', 'y'] },
      trainingDatasets: [], metrics: { accuracy: 0.9 }, tags, lineage: {}, features: [{ name: 'a', type: 'number' }, { name: 'b', type: 'number' }],
    });
    if (stage !== 'staging' && stage !== 'none') {
      await setStage(db, { modelId: row.modelId, versionId: row.id, from: row.stage, to: stage, reason: 'test fixture', actor: 'test' });
    }
    versions[row.version] = stage;
  }
  return { name, versions };
}

/** Resolves once `predicate()` holds, checking every 20 ms; rejects with `what` after `deadlineMs`. */
export async function until(predicate: () => boolean, what: string, deadlineMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > deadlineMs) throw new Error(`not within ${deadlineMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
