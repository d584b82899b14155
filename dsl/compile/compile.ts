// Source text -> Plan: parse, check, then resolve params, defaults, paths, order and activity options.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { getStepKind } from '../catalog';
import { CheckContext, runRules } from '../check';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics';
import { parseGate } from '../gates';
import type { PipelineAst, StepAst } from '../parse/ast';
import { findEntry, toJS } from '../parse/nodes';
import { parsePipeline } from '../parse/parse';
import { substitute } from '../parse/templates';
import type { z } from 'zod';
import { DEFAULT_DATA_POLL, type DataTriggerDecl, type DriftTriggerDecl, type PerformanceTriggerDecl, type ScheduleDecl } from '../grammar';
import { durationSeconds } from './duration';
import type { Plan, GateCondition, PlanStep, PlanTrigger } from '../plan';
import { executionOf } from './execution';
import { resolveParams } from './params';
import { resolvePath } from './paths';
import { MAX_DIAGNOSTICS } from '../check/context';
import { lowerWhen } from '../when/lower';
import { sweepOf } from '../check/rules/sweep';
import { deployEndpoints, MonitorSpec } from '../monitor';

export interface CompileOptions {
  /** Folder of the pipeline file (posix); relative paths in config are resolved against it. */
  baseDir?: string;
  /** Parameter values for this run; strings are read as the declared type. */
  params?: Record<string, unknown>;
  /**
   * Folders (posix, absolute) that file paths in config must stay under: a path outside every one is an error
   * at its value, naming them. Unchecked when absent; a relative path is checked only with a `baseDir`.
   */
  dataRoots?: readonly string[];
}

export type ValidateOptions = Pick<CompileOptions, 'baseDir' | 'dataRoots'>;

export interface CompileResult {
  /** Present only when there is no error. */
  plan?: Plan;
  diagnostics: Diagnostic[];
}

/** Node's own hashing where this runs in Node (about 10× faster on a pipeline's text); the browser and the
 *  workflow sandbox, which have no `process`, hash with @noble/hashes. */
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as
  | { createHash(algorithm: 'sha256'): { update(text: string, encoding: 'utf8'): { digest(encoding: 'hex'): string } } }
  | undefined;

export function sourceHash(source: string): string {
  if (nodeCrypto) return nodeCrypto.createHash('sha256').update(source, 'utf8').digest('hex');
  return portableSourceHash(source);
}

/** sourceHash without Node: what the browser and the workflow sandbox compute (the tests compare the two). */
export function portableSourceHash(source: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(source)));
}

/** Plain block-style YAML is read by dsl/parse/plain-yaml.ts, anything else by yaml (parsePipeline decides). */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  return compileReading(source, options, true);
}

/** compile with the fast plain-YAML reader allowed (`plain`), or with yaml alone (the tests compare the two). */
export function compileReading(source: string, options: CompileOptions, plain: boolean): CompileResult {
  const { ast, diagnostics: syntax } = parsePipeline(source, { plain });
  const resolved = resolveParams(ast, options.params);
  const ctx = new CheckContext(ast, { params: resolved.values, baseDir: options.baseDir, dataRoots: options.dataRoots });
  runRules(ctx);
  const diagnostics = sortDiagnostics([...syntax, ...resolved.diagnostics, ...ctx.diagnostics]).slice(0, MAX_DIAGNOSTICS);
  if (hasErrors(diagnostics)) return { diagnostics };
  const order = ctx.order() as readonly string[]; // no cycle: the cycles rule found none
  const steps = order.map((id) => planStep(ctx, ctx.stepById.get(id) as StepAst, options.baseDir));
  const { triggers, cooldownSeconds } = triggersOf(ast, options.baseDir);
  // Built from checked values, each key where the Plan schema puts it (the stored Plan's JSON is in that order):
  // test/dsl/plan-shape.test.ts proves Plan.parse gives every example's and shape's Plan back unchanged, so the
  // compiler does not pay for parsing its own output.
  const plan: Plan = {
    planVersion: 1,
    pipeline: ast.name?.value as string,
    ...(ast.description !== undefined && { description: ast.description }),
    sourceHash: sourceHash(source),
    ...(options.baseDir !== undefined && { baseDir: options.baseDir }),
    params: resolved.values,
    ...(triggers !== undefined && { triggers }),
    ...(cooldownSeconds !== undefined && { cooldownSeconds }),
    ...monitorOf(ast, steps),
    steps,
  };
  return { plan, diagnostics };
}

/** Diagnostics only, with declared parameter defaults. */
export function validate(source: string, options: ValidateOptions = {}): Diagnostic[] {
  const { ast, diagnostics } = parsePipeline(source);
  const ctx = new CheckContext(ast, options);
  runRules(ctx);
  return sortDiagnostics([...diagnostics, ...ctx.diagnostics]).slice(0, MAX_DIAGNOSTICS);
}

function planStep(ctx: CheckContext, step: StepAst, baseDir: string | undefined): PlanStep {
  const kind = getStepKind(step.uses?.value ?? '');
  if (!kind) throw new Error(`unchecked step kind in '${step.id}'`); // the checker guarantees it
  const config = { ...(ctx.config(step).parsed ?? {}) };
  for (const field of kind.pathFields) {
    if (typeof config[field] === 'string') config[field] = resolvePath(config[field] as string, baseDir);
  }
  const inputs: PlanStep['inputs'] = {};
  for (const i of step.inputs) if (i.step && i.output) inputs[i.port] = { step: i.step, port: i.output };
  const gate = step.gate
    .map((g) => parseGate(g.metric, substitute(g.raw, ctx.params).value))
    .filter((g): g is GateCondition => g !== undefined);
  const { taskQueue, timeoutSeconds, heartbeatSeconds, retry, resources } = executionOf(step, kind, ctx.ast.doc);
  return {
    id: step.id,
    uses: kind.kind,
    mode: kind.mode ?? 'activity',
    kindVersion: kind.version,
    config,
    inputs,
    dependsOn: [...ctx.depsOf(step)],
    gate,
    taskQueue,
    timeoutSeconds,
    ...(heartbeatSeconds !== undefined && { heartbeatSeconds }),
    retry,
    resources,
    ...whenOf(ctx, step),
    ...(step.cache && { cache: toJS(step.cache.value, ctx.ast.doc) === true }),
    ...sweepOfStep(ctx, step),
  };
}

/** A checked sweep as the Plan carries it. */
function sweepOfStep(ctx: CheckContext, step: StepAst): Pick<PlanStep, 'sweep'> {
  const s = sweepOf(ctx, step);
  return s ? { sweep: s } : {};
}

/** The compiled condition; parameters become literals (the checker has typed and located everything). */
function whenOf(ctx: CheckContext, step: StepAst): Pick<PlanStep, 'when'> {
  const parsed = ctx.condition(step);
  if (!step.when || !parsed?.ok) return {};
  return { when: { source: step.when.value, expr: lowerWhen(parsed.node, ctx.params) } };
}

function triggersOf(ast: PipelineAst, baseDir: string | undefined): Pick<Plan, 'triggers' | 'cooldownSeconds'> {
  const cooldown = durationSeconds(toJS(findEntry(ast.entries, 'cooldown')?.value, ast.doc));
  const out: Pick<Plan, 'triggers' | 'cooldownSeconds'> = cooldown !== undefined ? { cooldownSeconds: cooldown } : {};
  const raw = toJS(ast.triggers?.value, ast.doc);
  if (!Array.isArray(raw)) return out;
  const triggers = (raw as DeclaredTrigger[]).map((t): PlanTrigger => {
    if (t.schedule) {
      const s = t.schedule;
      return {
        type: 'schedule',
        cron: s.cron.trim(),
        overlap: s.overlap ?? 'skip',
        ...(s.timezone !== undefined && { timezone: s.timezone }),
        paused: s.paused ?? false,
      };
    }
    if (t.data) {
      const d = t.data;
      if (d.webhook !== undefined) return { type: 'data', webhook: d.webhook };
      const source = d.source as string;
      return { type: 'data', source: resolvePath(source, baseDir), everySeconds: durationSeconds(d.every ?? DEFAULT_DATA_POLL) as number };
    }
    if (t.drift) return { type: 'drift', endpoint: t.drift.endpoint, severity: t.drift.severity ?? 'warning' };
    if (t.performance) {
      const p = t.performance;
      return {
        type: 'performance', endpoint: p.endpoint, metric: p.metric,
        ...(p.below !== undefined && { below: p.below }),
        ...(p.above !== undefined && { above: p.above }),
        ...(p.minLabelled !== undefined && { minLabelled: p.minLabelled }),
      };
    }
    return { type: 'manual' };
  });
  return { ...out, triggers };
}

type DeclaredTrigger = {
  schedule?: z.infer<typeof ScheduleDecl>;
  data?: z.infer<typeof DataTriggerDecl>;
  drift?: z.infer<typeof DriftTriggerDecl>;
  performance?: z.infer<typeof PerformanceTriggerDecl>;
};

/** The `monitor:` section as a full MonitorSpec: its endpoint the one named, else the deploy step's (checked). */
function monitorOf(ast: PipelineAst, steps: PlanStep[]): Pick<Plan, 'monitor'> {
  const raw = toJS(findEntry(ast.entries, 'monitor')?.value, ast.doc) as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') return {};
  const { endpoint, ...rest } = raw;
  const target = typeof endpoint === 'string' ? endpoint : deployEndpoints(steps)[0];
  return { monitor: MonitorSpec.parse({ monitor: target, ...rest }) };
}

