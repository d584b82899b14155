// Run-level records the workflow asks for: status changes and the steps that never ran.
import { setRunStatus, upsertStepRun } from '../../server/db/repo/runs';
import type { RecordRunInput } from '../workflows/types';
import type { ActivityDeps } from './deps';

export function bookkeepingActivities(deps: ActivityDeps) {
  return {
    async recordRun(input: RecordRunInput): Promise<void> {
      for (const n of input.notRun ?? []) {
        await upsertStepRun(deps.db, { runId: input.runId, stepId: n.stepId, attempt: 0, kind: n.kind, status: n.state });
      }
      await setRunStatus(deps.db, input.runId, input.status, input.error);
    },
  };
}
