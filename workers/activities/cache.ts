// lookupCache: before a `cache: true` step runs, find an earlier succeeded attempt with the same cache key
// (cache-key.ts) whose artifacts are still stored, and record it in this run as `cached` with a link to the
// run that produced it — the same record a retry makes of the steps it reuses.
import type { StepOutputs } from '../../dsl/refs';
import { cachedStepResults } from '../../server/db/repo/runs';
import { writeStepRun } from '../../server/db/repo/step-run-writes';
import type { CacheHit, LookupCacheInput } from '../workflows/types';
import { dataRootsOf, stepCacheKey } from './cache-key';
import type { ActivityDeps } from './deps';
import { unmetGates } from '../../dsl/gates';
import { StepLogger } from './step-log';

/** Whether every artifact the outputs point at is still in the store (a ModelVersion is a row, not a file). */
export async function outputsStored(deps: ActivityDeps, outputs: StepOutputs): Promise<boolean> {
  for (const ref of Object.values(outputs)) {
    const hash = 'hash' in ref ? ref.hash : undefined;
    if (hash && !(await deps.store.has(hash))) return false;
  }
  return true;
}

export function cacheActivities(deps: ActivityDeps) {
  return {
    /**
     * A hit is recorded as attempt 0 (nothing ran in this run) with the earlier outputs and summary plus
     * `summary.cachedFrom`; idempotent, so a retried lookup upserts the same row. A miss records nothing.
     */
    async lookupCache(input: LookupCacheInput): Promise<CacheHit | null> {
      const { step } = input;
      // Hit lines go with the `cached` row (attempt 0); miss lines with the attempt that runs next (1).
      const log = (attempt: 0 | 1) => new StepLogger(deps.db, { runId: input.runId, stepId: step.id, attempt });
      let key: string;
      try {
        key = (await stepCacheKey(input, dataRootsOf(input, deps.dataRoots), deps.db)).key;
      } catch (err) {
        // Not an error of the lookup: the step runs and its own read reports the file (missing, outside the roots).
        const l = log(1);
        l.info(`cache: no key (${err instanceof Error ? err.message : String(err)}); running ${step.id}`);
        await l.close();
        return null;
      }
      for (const row of await cachedStepResults(deps.db, key, input.runId)) {
        const outputs = row.outputs as StepOutputs;
        if (!(await outputsStored(deps, outputs))) continue;
        // The gate may have changed since: a result that does not meet it now is not reused (the step runs and
        // fails on its gate, with its log).
        if (unmetGates(step.gate, outputs).length > 0) continue;
        const cachedFrom = { runId: row.runId, attempt: row.attempt };
        await writeStepRun(deps.db, {
          runId: input.runId, stepId: step.id, attempt: 0, kind: step.uses, status: 'cached', outputs,
          summary: { ...((row.summary as Record<string, unknown> | null) ?? {}), cachedFrom }, durationMs: 0, cacheKey: key,
        });
        const l = log(0);
        l.info(`cache hit: reusing the result of run ${row.runId} (attempt ${row.attempt}), key ${key.slice(0, 12)}`);
        await l.close();
        return { outputs, cachedFrom };
      }
      const l = log(1);
      l.info(`cache miss: no earlier result with key ${key.slice(0, 12)}; running ${step.id}`);
      await l.close();
      return null;
    },
  };
}
