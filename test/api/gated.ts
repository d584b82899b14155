// A pipeline that waits for a person (an `approve` step), and polling a run until that step waits: shared by the
// approval, schedule and CLI tests.
import type { HeadraceClient } from '../../server/api/client';

/** A pipeline that holds at `review` until someone decides, then waits a moment in `after`. */
export const gated = (name: string, approve = '{ message: "Look at the data first", timeout: 1h }') => `headrace: 1
name: ${name}
steps:
  review:
    uses: approve
    with: ${approve}
  after:
    uses: wait
    needs: [review]
    with: { duration: 1s }
`;

/** Polls a run until `step` has a row in state `waiting`; returns that row. */
export async function waitingStep(client: HeadraceClient, id: string, step: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await client.run.get.query({ id });
    const row = run.steps.find((s) => s.stepId === step && s.status === 'waiting');
    if (row) return row;
    if (run.status !== 'queued' && run.status !== 'running') throw new Error(`run ${id} ended ${run.status} before ${step} waited: ${run.error}`);
    if (Date.now() > until) throw new Error(`step ${step} of run ${id} not waiting after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
