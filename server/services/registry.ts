// The model registry's service: stage transitions (the production gate is the repo's productionRefusal), tags, comparisons.
import {
  annotateVersion, getModel, getModelVersion, listModelVersions, mergeTags, productionRefusal, setStage, stageHistory, STAGES, type Stage,
} from '../db/repo/registry';
import type { Services } from './context';
import { ServiceError } from './errors';

type Version = NonNullable<Awaited<ReturnType<typeof getModelVersion>>>;

async function versionOrThrow(svc: Services, name: string, version: number): Promise<Version> {
  const v = await getModelVersion(svc.db, name, version);
  if (!v) {
    const model = await getModel(svc.db, name);
    throw new ServiceError('NOT_FOUND', model ? `model "${name}" has no version ${version}` : `no model "${name}"`);
  }
  return v;
}

export async function getModelView(svc: Services, name: string) {
  const model = await getModel(svc.db, name);
  if (!model) throw new ServiceError('NOT_FOUND', `no model "${name}"`);
  const versions = await listModelVersions(svc.db, name);
  // Newest first, so the first version met in each stage is the latest one there.
  const latest: Partial<Record<Stage, (typeof versions)[number]>> = {};
  for (const v of versions) latest[v.stage] ??= v;
  return { ...model, versionCount: versions.length, latest };
}

export async function listVersionsOf(svc: Services, name: string) {
  if (!(await getModel(svc.db, name))) throw new ServiceError('NOT_FOUND', `no model "${name}"`);
  return listModelVersions(svc.db, name);
}

export async function getVersionView(svc: Services, name: string, version: number) {
  const v = await versionOrThrow(svc, name, version);
  return { ...v, stageChanges: await stageHistory(svc.db, v.id) };
}

export async function transitionVersion(
  svc: Services,
  input: { name: string; version: number; stage: Stage; reason: string; actor: string; isAdmin: boolean },
) {
  if (!STAGES.includes(input.stage)) throw new ServiceError('BAD_REQUEST', `unknown stage "${input.stage}"`);
  if (input.stage === 'production' && !input.isAdmin) {
    throw new ServiceError('FORBIDDEN', `moving a version to production needs role admin; ${input.actor} is not an admin`);
  }
  const v = await versionOrThrow(svc, input.name, input.version);
  // Already there: nothing changes and nothing is recorded, so a repeated promotion is harmless.
  if (v.stage === input.stage) return getVersionView(svc, input.name, input.version);
  if (input.stage === 'production') {
    const refusal = await productionRefusal(svc.db, v);
    if (refusal) throw new ServiceError('CONFLICT', refusal);
  }
  await setStage(svc.db, { modelId: v.modelId, versionId: v.id, from: v.stage, to: input.stage, reason: input.reason, actor: input.actor });
  return getVersionView(svc, input.name, input.version);
}

/** A version's own description and notes, kept per version (the model's description is the model's). */
export async function annotate(svc: Services, input: { name: string; version: number; description?: string | null; notes?: string | null }) {
  const v = await versionOrThrow(svc, input.name, input.version);
  await annotateVersion(svc.db, v.id, input);
  return getVersionView(svc, input.name, input.version);
}

export async function tagVersion(svc: Services, input: { name: string; version: number; tags: Record<string, string | null> }) {
  const v = await versionOrThrow(svc, input.name, input.version);
  await mergeTags(svc.db, v.id, input.tags);
  return getVersionView(svc, input.name, input.version);
}

/** Two versions side by side: every metric either has (with b − a), and where each came from. */
export async function compareVersions(svc: Services, input: { name: string; a: number; b: number }) {
  const [a, b] = [await versionOrThrow(svc, input.name, input.a), await versionOrThrow(svc, input.name, input.b)];
  const [ma, mb] = [a.metrics, b.metrics];
  const names = [...new Set([...Object.keys(ma), ...Object.keys(mb)])].sort();
  const metrics = names.map((metric) => ({
    metric,
    a: ma[metric] ?? null,
    b: mb[metric] ?? null,
    delta: ma[metric] !== undefined && mb[metric] !== undefined ? mb[metric] - ma[metric] : null,
  }));
  const side = (v: Version) => ({
    version: v.version, id: v.id, stage: v.stage, createdAt: v.createdAt, artifactHash: v.artifactHash,
    runId: v.runId, trainingDatasets: v.trainingDatasets, lineage: v.lineage,
    hyperparameters: v.hyperparameters, runtime: v.runtime, pipelineVersionId: v.pipelineVersionId, sourceHash: v.sourceHash,
  });
  return { name: input.name, a: side(a), b: side(b), metrics };
}
