// Renaming and duplicating pipelines (docs/decisions.md, "Renaming a pipeline"). Both write the new name into
// the `name:` line of the latest version's source and save that as a version: a rename as the next version of
// the same pipeline (its versions, runs and Schedule follow it), a duplicate as version 1 of a new pipeline.
import { isMap, isScalar, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { Plan } from '../../dsl/plan';
import { getPipelineVersion, renamePipelineTo } from '../db/repo/pipelines';
import type { Services } from './context';
import { ServiceError } from './errors';
import { compileOrThrow, savePipeline } from './pipelines';
import { moveSchedule } from './schedules';
import { deleteDataPoll, syncDataPoll } from './triggers';

export interface NameChange {
  name: string;
  version: number;
  versionId: string;
  /** The file the source was last saved from, which still holds the old name (the server never edits files). */
  origin: string | null;
}

export async function renamePipeline(svc: Services, input: { name: string; newName: string; author: string }): Promise<NameChange> {
  const { name, newName } = input;
  if (newName === name) throw new ServiceError('BAD_REQUEST', `The pipeline is already named "${name}".`);
  const latest = await latestOf(svc, name);
  if (latest.pipeline.archived) throw new ServiceError('CONFLICT', `Pipeline "${name}" is archived: save it again to bring it back before renaming it.`);
  await refuseTaken(svc, newName);
  const source = withPipelineName(latest.version.source, newName);
  // Compiled the way the version was: its folder, the server's data roots.
  const plan = compileOrThrow(source, { baseDir: (latest.version.plan as Plan).baseDir, dataRoots: svc.config.dataRoots, file: latest.version.origin ?? undefined });
  let saved;
  try {
    saved = await renamePipelineTo(svc.db, name, { plan, source, author: input.author });
  } catch (err) {
    // Another request took the name between the check and the update.
    if (uniqueViolation(err)) await refuseTaken(svc, newName);
    throw err;
  }
  if (!saved) throw new ServiceError('NOT_FOUND', `There is no pipeline "${name}".`);
  await moveSchedule(svc, name, { plan, pipelineVersionId: saved.version.id, version: saved.version.version });
  await syncDataPoll(svc, plan);
  await deleteDataPoll(svc, name);
  return { name: newName, version: saved.version.version, versionId: saved.version.id, origin: latest.version.origin };
}

/** Version 1 of a new pipeline with the latest version's source; no runs, and a Schedule (if it declares one) paused. */
export async function duplicatePipeline(svc: Services, input: { name: string; newName: string; author: string }): Promise<NameChange> {
  const latest = await latestOf(svc, input.name);
  await refuseTaken(svc, input.newName);
  const r = await savePipeline(svc, {
    source: withPipelineName(latest.version.source, input.newName),
    baseDir: (latest.version.plan as Plan).baseDir,
    author: input.author,
    create: true,
    scheduleHold: `paused: duplicated from "${input.name}"; resume it to let this copy fire`,
  });
  return { name: input.newName, version: r.version.version, versionId: r.version.id, origin: null };
}

/** The source with its top-level `name:` value replaced; every other byte (comments, layout) stays. */
export function withPipelineName(source: string, newName: string): string {
  const doc = parseDocument(source);
  const root = isMap(doc.contents) ? (doc.contents as YAMLMap) : undefined;
  const value = root?.items.find((p) => isScalar(p.key) && p.key.value === 'name')?.value as Node | undefined;
  // A saved version always compiled, so it has a scalar name; anything else is a bug, not a user mistake.
  if (!isScalar(value) || !value.range) throw new Error('the saved source has no top-level `name:` scalar');
  return source.slice(0, value.range[0]) + newName + source.slice(value.range[1]);
}

async function latestOf(svc: Services, name: string) {
  const found = await getPipelineVersion(svc.db, name);
  if (!found) throw new ServiceError('NOT_FOUND', `There is no pipeline "${name}".`);
  return found;
}

/** CONFLICT when any pipeline, archived ones too, has the name. */
async function refuseTaken(svc: Services, newName: string): Promise<void> {
  const taken = await getPipelineVersion(svc.db, newName);
  if (taken) {
    throw new ServiceError(
      'CONFLICT',
      `A pipeline named "${newName}" already exists${taken.pipeline.archived ? ' (archived)' : ''} (v${taken.version.version}): choose another name.`,
    );
  }
}

function uniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
}
