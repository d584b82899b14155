// Follows a run: polls it and prints each step's transitions until the run ends, then what it produced
// (its metrics and the model versions it registered).
import { FINISHED_RUN_STATUSES } from '../dsl/states';
import type { HeadraceClient } from '../server/api/client';
import { EXIT } from './exit';
import { bold, dim, duration, red, stateLabel } from './output';

export type RunView = Awaited<ReturnType<HeadraceClient['run']['get']['query']>>;
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
      for (const line of outcomeLines(run.steps)) print(line);
      return run;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const HEADLINE = ['accuracy', 'macroF1', 'rmse', 'r2', 'logLoss', 'mae'];

/**
 * What the run produced, after its last line: `metrics: accuracy 0.9855, macroF1 0.9821` (the headline metrics of
 * every Metrics output, a later step's figure winning; up to three others when it has none of those) and one
 * `registered penguins v3 (staging)` per model version it registered. The latest succeeded or cached attempt
 * of each step counts; nothing when the run produced neither (it failed before evaluating).
 */
/** Each step's latest attempt that succeeded (or was reused, `cached`), by step id. */
export function latestFinished(steps: RunView['steps']): Map<string, RunView['steps'][number]> {
  const latest = new Map<string, RunView['steps'][number]>();
  for (const s of steps) {
    if (s.status !== 'succeeded' && s.status !== 'cached') continue;
    const seen = latest.get(s.stepId);
    if (!seen || s.attempt >= seen.attempt) latest.set(s.stepId, s);
  }
  return latest;
}

export function outcomeLines(steps: RunView['steps']): string[] {
  const done = [...latestFinished(steps).values()].sort((a, b) => new Date(a.finishedAt ?? 0).getTime() - new Date(b.finishedAt ?? 0).getTime());
  const values: Record<string, number> = {};
  const registered: string[] = [];
  for (const s of done) {
    for (const ref of Object.values((s.outputs ?? {}) as Record<string, Record<string, unknown>>)) {
      if (ref?.type === 'Metrics') Object.assign(values, ref.values);
      else if (ref?.type === 'ModelVersion') registered.push(`registered ${bold(`${String(ref.name)} v${String(ref.version)}`)} (${String(ref.stage)})`);
      else if (ref?.type === 'Deployment') registered.push(`deployed ${bold(`${String(ref.model)} v${String(ref.version)}`)} to endpoint ${bold(String(ref.endpoint))} (deployment #${String(ref.number)}, ${String(ref.strategy)})`);
    }
  }
  const headline = HEADLINE.filter((k) => typeof values[k] === 'number');
  const keys = headline.length > 0 ? headline : Object.keys(values).sort().slice(0, 3);
  const lines = keys.length > 0 ? [`metrics: ${keys.map((k) => `${k} ${figure(values[k])}`).join(', ')}`] : [];
  return [...lines, ...registered];
}

/** 4 significant digits for fractions (0.9855), integers as they are. */
const figure = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));
