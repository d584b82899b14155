// Run-level records the workflow asks for: status changes, the steps that never ran, and — for a
// retry — the old run's finished steps, recorded as `cached` in the new run and handed back as outputs.
import type { StepOutputs } from '../../dsl/refs';
import { finishedSteps, setRunStatus, upsertStepRun } from '../../server/db/repo/runs';
import type { PinSourcesInput, RecordRunInput, ReuseStepsInput } from '../workflows/types';
import { outputsStored } from './cache';
import { staleSource } from './cache-key';
import type { ActivityDeps } from './deps';
import { StepLogger } from './step-log';

export function bookkeepingActivities(deps: ActivityDeps) {
  return {
    async recordRun(input: RecordRunInput): Promise<void> {
      for (const n of input.notRun ?? []) {
        await upsertStepRun(deps.db, {
          runId: input.runId, stepId: n.stepId, attempt: 0, kind: n.kind, status: n.state, summary: n.reason ? { reason: n.reason } : undefined,
        });
      }
      await setRunStatus(deps.db, input.runId, input.status, input.error);
    },

    /**
     * Picks the old run's steps that can be reused: finished with outputs that are still stored, of the
     * same kind, with everything they depend on reused too, and — for a step that read a file (ingest) — the
     * file's content unchanged since (else it runs again, and its log says why). Records them as `cached`
     * (attempt 0: nothing ran in this run) with the old outputs. Idempotent: a repeated call upserts the same rows.
     */
    /**
     * For a reproduction: the reproduced run's tables for the steps that read a source, still in the store,
     * recorded as `cached` here (with `reproducedFrom`) and handed back as outputs; a step whose table is gone
     * reads its source again, and its log says so.
     */
    async pinSources(input: PinSourcesInput): Promise<Record<string, StepOutputs>> {
      const finished = new Map((await finishedSteps(deps.db, input.reproduceOf)).map((r) => [r.stepId, r]));
      const pinned: Record<string, StepOutputs> = {};
      for (const step of input.steps) {
        const row = finished.get(step.id);
        const outputs = row?.outputs as StepOutputs | undefined;
        if (!row || row.kind !== step.uses || !outputs || !(await outputsStored(deps, outputs))) {
          const log = new StepLogger(deps.db, { runId: input.runId, stepId: step.id, attempt: 1 });
          log.warn(`run ${input.reproduceOf.slice(0, 8)} has no stored table for ${step.id}: reading its source again, which may have changed since`);
          await log.close();
          continue;
        }
        pinned[step.id] = outputs;
        const summary = (row.summary as Record<string, unknown> | null) ?? {};
        await upsertStepRun(deps.db, {
          runId: input.runId, stepId: step.id, attempt: 0, kind: step.uses, status: 'cached', outputs,
          summary: { ...summary, reproducedFrom: { runId: input.reproduceOf, attempt: row.attempt } }, durationMs: 0,
        });
      }
      return pinned;
    },

    async reuseSteps(input: ReuseStepsInput): Promise<Record<string, StepOutputs>> {
      const finished = new Map((await finishedSteps(deps.db, input.retryOf)).map((r) => [r.stepId, r]));
      const reused: Record<string, StepOutputs> = {};
      for (const step of input.steps) {
        const row = finished.get(step.id);
        if (!row || row.kind !== step.uses || !step.dependsOn.every((d) => d in reused)) continue;
        const outputs = row.outputs as StepOutputs;
        if (!(await outputsStored(deps, outputs))) continue;
        const readBy = (row.summary as { cachedFrom?: { runId: string } } | null)?.cachedFrom?.runId ?? input.retryOf;
        const stale = await staleSource(row.kind, row.summary, deps.dataRoots, readBy);
        if (stale) {
          // Said in the log of the attempt that now runs (attempt 1 of this run).
          const log = new StepLogger(deps.db, { runId: input.runId, stepId: step.id, attempt: 1 });
          log.info(`${stale}: running ${step.id} again`);
          await log.close();
          continue;
        }
        reused[step.id] = outputs;
        const from = (row.summary as { cachedFrom?: unknown } | null)?.cachedFrom ?? { runId: input.retryOf, attempt: row.attempt };
        await upsertStepRun(deps.db, {
          runId: input.runId, stepId: step.id, attempt: 0, kind: step.uses, status: 'cached', outputs,
          summary: { ...((row.summary as Record<string, unknown> | null) ?? {}), cachedFrom: from }, durationMs: 0,
        });
      }
      return reused;
    },
  };
}
