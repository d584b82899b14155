// Runs through the API: start one (`run`), read it (`status`), stop it (`cancel`), start it again from its
// failed step (`retry`). `--wait` follows the run and makes its outcome the exit code.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { getStepKind } from '../../dsl/catalog';
import { compile } from '../../dsl/compile';
import type { Plan } from '../../dsl/plan';
import { APPROVER_ROLES } from '../../dsl/catalog/control';
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { followRun, outcome } from '../follow';
import { compareMetrics, type Reproduction } from '../reproduction';
import { bold, dim, duration, stateLabel, table, yellow } from '../output';
import type { Remote } from '../remote';

interface Started { id: string; pipelineName: string; pipelineVersion: number }

export async function runCommand(
  target: string,
  opts: Remote & { params: Record<string, unknown>; wait?: boolean; idempotencyKey?: string; cache?: boolean },
): Promise<number> {
  const client = connect(opts);
  const isFile = existsSync(target);
  const common = {
    params: opts.params,
    ...(opts.idempotencyKey && { idempotencyKey: opts.idempotencyKey }),
    // --no-cache: every step executes, even where `cache: true` would reuse an earlier result.
    ...(opts.cache === false && { cache: false }),
  };
  const run = await client.run.start.mutate(
    isFile
      ? { source: await readFile(target, 'utf8'), baseDir: dirname(resolve(target)), origin: relative(process.cwd(), resolve(target)), ...common }
      : { pipeline: target, ...common },
  );
  if (!opts.json) {
    console.log(`${bold(`run ${run.id}`)} started: ${run.pipelineName} v${run.pipelineVersion}`);
    if (isFile) for (const line of await readingLines(client, run.id, await readFile(target, 'utf8'), opts.params)) console.log(line);
  }
  return afterStart(client, run, opts);
}

/**
 * `reading data/x.csv → /abs/path` per file the run reads: the path as the file writes it, beside the path
 * recorded in the run's Plan (resolved from the folder where the run was asked for).
 */
async function readingLines(client: HeadraceClient, runId: string, source: string, params: Record<string, unknown>): Promise<string[]> {
  const written = compile(source, { params }).plan;
  const recorded = (await client.run.get.query({ id: runId })).plan as Plan | null;
  const lines: string[] = [];
  for (const step of recorded?.steps ?? []) {
    const asWritten = written?.steps.find((s) => s.id === step.id)?.config;
    for (const field of getStepKind(step.uses)?.pathFields ?? []) {
      const path = step.config[field];
      if (typeof path === 'string') lines.push(dim(`reading ${String(asWritten?.[field] ?? path)} → ${path}`));
    }
  }
  return lines;
}

/** A new run of a failed or cancelled one: finished steps are reused (`cached`), the rest run again. */
export async function retryCommand(id: string, opts: Remote & { wait?: boolean }): Promise<number> {
  const client = connect(opts);
  const run = await client.run.retry.mutate({ id });
  if (!opts.json) console.log(`${bold(`run ${run.id}`)} started: retry of ${id}, ${run.pipelineName} v${run.pipelineVersion}`);
  return afterStart(client, run, opts);
}

/**
 * Reproduces RUN: the same pipeline version, params (`--param` overriding some) and seeds, on the data versions RUN
 * read (its ingest steps' tables, from the store, even where a file has changed since), every other step executed
 * again. With --wait: `reproduced: metrics equal`, or the metrics that differ (exit 1 when no param was changed).
 */
export async function rerunCommand(
  id: string,
  opts: Remote & { params: Record<string, unknown>; wait?: boolean; cache?: boolean },
): Promise<number> {
  const client = connect(opts);
  const before = await client.run.get.query({ id });
  const run = await client.run.rerun.mutate({ id: before.id, ...(Object.keys(opts.params).length > 0 && { params: opts.params }) });
  const changed = Object.keys(opts.params).map((k) => `${k}=${JSON.stringify(opts.params[k])}`);
  if (!opts.json) {
    console.log(`${bold(`run ${run.id}`)} started: reproducing ${before.id.slice(0, 8)}, ${run.pipelineName} v${run.pipelineVersion}${changed.length > 0 ? dim(` (${changed.join(', ')})`) : ''}`);
  }
  if (!opts.wait) {
    if (opts.json) console.log(JSON.stringify(run, null, 2));
    return EXIT.ok;
  }
  const done = await followRun(client, run.id, opts.json ? () => {} : console.log);
  const reproduction = compareMetrics(before, done);
  if (opts.json) {
    console.log(JSON.stringify({ ...done, reproduction }, null, 2));
  } else if (done.status === 'succeeded') {
    for (const line of reproductionLines(reproduction, before.id, changed.length > 0)) console.log(line);
  }
  if (done.status !== 'succeeded') return outcome(done.status);
  return reproduction.equal || changed.length > 0 ? EXIT.ok : EXIT.failed;
}

function reproductionLines(r: Reproduction, of: string, paramsChanged: boolean): string[] {
  if (r.compared === 0) return [`reproduced: run ${of.slice(0, 8)} and this one produced no metrics to compare`];
  if (r.equal) return [`reproduced: metrics equal (${r.compared} metric${r.compared > 1 ? 's' : ''} of run ${of.slice(0, 8)})`];
  const shown = (v: number | null) => (v === null ? 'none' : String(v));
  return [
    paramsChanged ? `metrics that differ from run ${of.slice(0, 8)} (params changed):` : `not reproduced: metrics that differ from run ${of.slice(0, 8)}:`,
    ...r.differences.map((d) => `  ${d.metric}: ${shown(d.before)} → ${shown(d.after)}`),
  ];
}

/** Without --wait: print the run (JSON) and exit 0. With it: follow, then exit with the run's outcome. */
async function afterStart(client: HeadraceClient, run: Started, opts: Remote & { wait?: boolean }): Promise<number> {
  if (!opts.wait) {
    if (opts.json) console.log(JSON.stringify(run, null, 2));
    return EXIT.ok;
  }
  const done = await followRun(client, run.id, opts.json ? () => {} : console.log);
  if (opts.json) console.log(JSON.stringify(done, null, 2));
  return outcome(done.status);
}

export async function statusCommand(id: string, opts: Remote): Promise<number> {
  const run = await connect(opts).run.get.query({ id });
  if (opts.json) {
    console.log(JSON.stringify(run, null, 2));
    return EXIT.ok;
  }
  console.log(`${bold(`run ${run.id}`)}  ${run.pipelineName} v${run.pipelineVersion}  ${stateLabel(run.status)}`);
  if (run.error) console.log(`error: ${run.error}`);
  if (run.temporalUrl) console.log(dim(`temporal: ${run.temporalUrl}`));
  const rows = [['STEP', 'KIND', 'ATTEMPT', 'STATE', 'DURATION', 'OUTPUT']];
  for (const s of run.steps) {
    // attempt 0: the step never ran here (skipped, cancelled, or cached from the retried run)
    const why = s.status === 'skipped' ? skipReason(s) : undefined;
    rows.push([s.stepId, s.kind, s.attempt > 0 ? String(s.attempt) : '-', s.status, duration(s.durationMs), why ? `skipped: ${why}` : summarize(s.outputs, s.error)]);
  }
  console.log(table(rows));
  for (const w of run.waiting ?? []) {
    console.log('');
    console.log(`${yellow('waiting for a worker')}: step${w.steps.length > 1 ? 's' : ''} ${bold(w.steps.join(', '))} — ${w.message}`);
  }
  for (const w of waitingApprovals(run)) {
    console.log('');
    console.log(`${yellow('waiting for approval')}: step ${bold(w.step)}${w.message ? ` — ${w.message}` : ''}`);
    console.log(`  may decide: ${w.approvers.join(' or ')}${w.until ? dim(` (until ${w.until}; then it ends as rejected)`) : ''}`);
    console.log(dim(`  headrace approve ${run.id} ${w.step} --reason TEXT   (or: headrace reject …)`));
  }
  return EXIT.ok;
}

type StepRow = Awaited<ReturnType<HeadraceClient['run']['get']['query']>>['steps'][number];

/** Why a step was skipped: the reason the workflow recorded (a false `when:`, only skipped inputs, an earlier failure). */
export function skipReason(s: Pick<StepRow, 'summary' | 'error'>): string | undefined {
  const reason = (s.summary as { reason?: unknown } | null)?.reason;
  if (typeof reason === 'string' && reason) return reason;
  return s.error ?? undefined;
}

/** The run's `approve` steps that wait for a decision: who may decide, the message and the deadline (from the step row). */
export function waitingApprovals(run: { steps: Array<Pick<StepRow, 'stepId' | 'kind' | 'status' | 'summary'>> }) {
  return run.steps
    .filter((s) => s.status === 'waiting' && s.kind === 'approve')
    .map((s) => {
      const w = (s.summary ?? {}) as { approvers?: unknown; message?: unknown; until?: unknown };
      return {
        step: s.stepId,
        message: typeof w.message === 'string' ? w.message : undefined,
        approvers: Array.isArray(w.approvers) && w.approvers.length > 0 ? (w.approvers as string[]) : [...APPROVER_ROLES],
        until: typeof w.until === 'string' ? w.until : undefined,
      };
    });
}

export async function cancelCommand(id: string, opts: Remote): Promise<number> {
  const r = await connect(opts).run.cancel.mutate({ id });
  if (opts.json) console.log(JSON.stringify(r, null, 2));
  else console.log(`cancel requested for run ${id}`);
  return EXIT.ok;
}

function summarize(outputs: unknown, error: string | null): string {
  if (error) return error.split('\n')[0].slice(0, 100);
  if (!outputs || typeof outputs !== 'object') return '';
  const parts: string[] = [];
  for (const [port, ref] of Object.entries(outputs as Record<string, Record<string, unknown>>)) {
    if (ref.type === 'Table') parts.push(`${port}: ${ref.rows} rows`);
    else if (ref.type === 'Metrics') parts.push(`${port}: ${headlineMetrics(ref.values as Record<string, number>)}`);
    else if (ref.type === 'ModelVersion') parts.push(`${port}: ${ref.name} v${ref.version}`);
    else if (ref.type === 'Model') parts.push(`${port}: onnx ${String(ref.hash).slice(0, 12)}`);
    else if (ref.type === 'Report') parts.push(`${port}: ${ref.summary}`);
    else if (ref.type === 'Deployment') parts.push(`${port}: ${ref.endpoint} #${ref.number} → ${ref.model} v${ref.version}`);
  }
  return parts.join('; ');
}

/** The metrics people look at first, then the rest, at most three. */
export function headlineMetrics(values: Record<string, number>): string {
  const first = ['accuracy', 'macroF1', 'logLoss', 'rmse', 'r2'];
  const keys = [...first.filter((k) => k in values), ...Object.keys(values).filter((k) => !first.includes(k))].slice(0, 3);
  return keys.map((k) => `${k}=${round(values[k])}`).join(' ');
}

export const round = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
