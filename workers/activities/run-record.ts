// The run as its workflow records it: `claimRun` makes the workflow the owner of its run's row (created here when
// nobody created it before the workflow started: a Temporal Schedule, a signal-with-start, the Temporal CLI), and
// `recordSteps` writes the rows of steps no activity of their own records: steps skipped by `when:` (with the
// reason), the waits and decisions of workflow-mode steps, and child-mode steps.
import { audit } from '../../server/db/repo/audit';
import { claimRun, UnknownPipelineVersionError, upsertStepRun } from '../../server/db/repo/runs';
import type { ClaimRunInput } from '../../server/temporal/contract';
import type { RecordStepsInput } from '../workflows/types';
import type { ActivityDeps } from './deps';
import { userError } from './errors';

export function runRecordActivities(deps: ActivityDeps) {
  return {
    /** The run's id: the row keyed by the workflow id, inserted when missing, moved to `running`. Idempotent. */
    async claimRun(input: ClaimRunInput): Promise<string> {
      try {
        return await claimRun(deps.db, input);
      } catch (err) {
        if (err instanceof UnknownPipelineVersionError) throw userError('BadConfig', err.message);
        throw err;
      }
    },

    /** Upserts step rows (keyed by run, step and attempt, so a repeated call writes the same rows). */
    async recordSteps(input: RecordStepsInput): Promise<void> {
      for (const s of input.steps) {
        await upsertStepRun(deps.db, {
          runId: input.runId, stepId: s.stepId, attempt: s.attempt, kind: s.kind, status: s.status,
          outputs: s.outputs, summary: s.summary, error: s.error ?? null, durationMs: s.durationMs,
        });
      }
      if (input.audit) await audit(deps.db, { ...input.audit, outcome: 'ok' });
    },
  };
}
