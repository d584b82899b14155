// Every `patched()` id of the workflow code, one line each: the change it guards, the release it came in, and when
// it may be removed (docs/workflows.md, "Changing workflow code"). An id is never reused, renamed or changed.
export const PATCHES = {
  /**
   * Issue 9: the workflow owns its run. The first activity is `claimRun` (upsert of the run's row keyed by the
   * workflow id) instead of `recordRun({ status: 'running' })` on a row the API created. Histories recorded before
   * it (test/fixtures/histories) take the old branch. Removable once no run started by the release before it can
   * still be in flight: deprecatePatch first, then delete the old branch one release later.
   */
  runOwnedByWorkflow: 'run-owned-by-workflow',
  /**
   * Issue 9: `cache: true` is honoured: a `lookupCache` activity before the step's own. Plans of the release before
   * it already carried `cache: true` (accepted and ignored), so a run of one in flight must not look up.
   */
  stepCache: 'step-cache',
  /**
   * Issue 12, second increment: after each computed window the monitor delivers its alerts to webhooks and fires
   * the retraining triggers (`afterWindow`). A monitor whose history was recorded before it replays its windows
   * without those activities. Removable once every monitor has continued as new under the release that added it
   * (a monitor continues as new every 100 windows): deprecatePatch first, then delete the old branch.
   */
  monitorAfterWindow: 'monitor-after-window',
  /**
   * Issue 11 follow-up: a `deploymentRollout` cancelled as a workflow (not aborted by its signal) rolls its
   * deployment back before it ends, instead of leaving it `rolling`. A cancelled history recorded before it has no
   * such activity. Removable once no rollout started by the release before it can still be in flight.
   */
  rolloutCancelRollsBack: 'rollout-cancel-rolls-back',
  /**
   * Issue 16, goal 3: a run's two ends (`claimRun`, and `recordRun` of its final status) are local activities,
   * run by the worker inside the workflow task that asks for them, instead of activities through the task queue
   * (a round trip through matching and one more workflow task each). A history recorded before it scheduled them
   * as activities. Removable once no run started by the release before it can still be in flight.
   */
  localRunBookkeeping: 'local-run-bookkeeping',
  /**
   * Issue 16, goal 3: a run the API created (its id in the context, its row `queued`) whose first steps are all
   * plain activities is not claimed by a local activity at the workflow's start: its first steps' results move it
   * to `running` in the statement that records them (StepInput.claimsRun). A history recorded before it claimed the
   * run first. Removable once no run started by the release before it can still be in flight.
   */
  runClaimedByFirstSteps: 'run-claimed-by-first-steps',
} as const;
