// Model versions for the serving control-plane tests: registered with the registry's own code, in the stages
// a case needs. The deploy and rollback paths never open the artifact, so its URI only has to be unique.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/db/client';
import { registerModelVersion, setStage, type Stage } from '../../server/db/repo/registry';

export interface FixtureModel {
  name: string;
  /** version number → stage, as registered */
  versions: Record<number, Stage>;
}

/**
 * Registers `stages.length` versions of a fresh model (v1, v2, …), each moved to its stage, and tags the
 * versions of `aliases` (`{ champion: 2 }` tags v2 `alias: champion`).
 */
export async function fixtureModel(db: Db, prefix: string, stages: Stage[], aliases: Record<string, number> = {}): Promise<FixtureModel> {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  const versions: Record<number, Stage> = {};
  for (const [i, stage] of stages.entries()) {
    const hash = randomUUID().replaceAll('-', '');
    const tags = Object.fromEntries(Object.entries(aliases).filter(([, v]) => v === i + 1).map(([alias]) => ['alias', alias]));
    const { row } = await registerModelVersion(db, {
      name, artifactUri: `artifact://sha256/${hash}.onnx`, artifactHash: hash, stage: stage === 'staging' ? 'staging' : 'none',
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
