// Follows a run: polls it and prints each step's transitions until the run ends.
import { FINISHED_RUN_STATUSES } from '../dsl/states';
import type { HeadraceClient } from '../server/api/client';
import { EXIT } from './exit';
import { bold, dim, duration, red, stateLabel } from './output';

type RunView = Awaited<ReturnType<HeadraceClient['run']['get']['query']>>;
export const terminal = new Set<string>(FINISHED_RUN_STATUSES);

/** A finished run as an exit code: 0 when it succeeded, 1 when it failed or was cancelled. */
export const outcome = (status: string) => (status === 'succeeded' ? EXIT.ok : EXIT.failed);

export async function followRun(
  client: HeadraceClient,
  id: string,
  print: (line: string) => void = console.log,
  intervalMs = 400,
): Promise<RunView> {
  const seen = new Map<string, string>();
  for (;;) {
    const run = await client.run.get.query({ id });
    for (const s of run.steps) {
      const key = `${s.stepId}#${s.attempt}`;
      if (seen.get(key) === s.status) continue;
      seen.set(key, s.status);
      const attempt = s.attempt > 1 ? dim(` (attempt ${s.attempt})`) : '';
      const took = s.durationMs !== null ? dim(` ${duration(s.durationMs)}`) : '';
      const extra = s.status === 'failed' && s.error ? `\n    ${red(s.error)}` : '';
      print(`  ${s.stepId.padEnd(14)} ${s.kind.padEnd(20)} ${stateLabel(s.status)}${attempt}${took}${extra}`);
    }
    if (terminal.has(run.status)) {
      const took = run.finishedAt && run.startedAt ? ` in ${duration(new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime())}` : '';
      print(`${bold(`run ${run.id}`)} ${stateLabel(run.status)}${took}${run.error ? `: ${red(run.error)}` : ''}`);
      return run;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
