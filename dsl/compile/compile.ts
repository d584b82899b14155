// Source text -> Plan: parse, check, then resolve params, defaults, paths, order and activity options.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { getStepKind } from '../catalog';
import { CheckContext, runRules } from '../check';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics';
import { parseGate } from '../gates';
import type { PipelineAst, StepAst } from '../parse/ast';
import { toJS } from '../parse/nodes';
import { parsePipeline } from '../parse/parse';
import { substitute } from '../parse/templates';
import { Plan, type GateCondition, type PlanStep } from '../plan';
import { executionOf } from './execution';
import { resolveParams } from './params';
import { resolvePath } from './paths';
import { MAX_DIAGNOSTICS } from '../check/context';

export interface CompileOptions {
  /** Folder of the pipeline file (posix); relative paths in config are resolved against it. */
  baseDir?: string;
  /** Parameter values for this run; strings are read as the declared type. */
  params?: Record<string, unknown>;
}

export interface CompileResult {
  /** Present only when there is no error. */
  plan?: Plan;
  diagnostics: Diagnostic[];
}

export function sourceHash(source: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(source)));
}

export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const { ast, diagnostics: syntax } = parsePipeline(source);
  const resolved = resolveParams(ast, options.params);
  const ctx = new CheckContext(ast, { params: resolved.values });
  runRules(ctx);
  const diagnostics = sortDiagnostics([...syntax, ...resolved.diagnostics, ...ctx.diagnostics]).slice(0, MAX_DIAGNOSTICS);
  if (hasErrors(diagnostics)) return { diagnostics };
  const order = ctx.order() as string[]; // no cycle: the cycles rule found none
  const steps = order.map((id) => planStep(ctx, ctx.stepById.get(id) as StepAst, options.baseDir));
  const plan = Plan.parse({
    planVersion: 1,
    pipeline: ast.name?.value,
    ...(ast.description !== undefined && { description: ast.description }),
    sourceHash: sourceHash(source),
    ...(options.baseDir !== undefined && { baseDir: options.baseDir }),
    params: resolved.values,
    ...triggersOf(ast),
    steps,
  });
  return { plan, diagnostics };
}

/** Diagnostics only, with declared parameter defaults. */
export function validate(source: string): Diagnostic[] {
  const { ast, diagnostics } = parsePipeline(source);
  const ctx = new CheckContext(ast);
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
  return {
    id: step.id,
    uses: kind.kind,
    mode: kind.mode ?? 'activity',
    kindVersion: kind.version,
    config,
    inputs,
    dependsOn: ctx.depsOf(step),
    gate,
    ...executionOf(step, kind, ctx.ast.doc),
    ...(step.when && { when: { source: step.when.value, expr: { kind: 'literal' as const, value: true } } }),
    ...(step.cache && { cache: toJS(step.cache.value, ctx.ast.doc) === true }),
  };
}

function triggersOf(ast: PipelineAst): Pick<Plan, 'triggers'> {
  const raw = toJS(ast.triggers?.value, ast.doc);
  if (!Array.isArray(raw)) return {};
  const triggers = raw.map((t: Record<string, { cron?: string } | null>) =>
    'schedule' in t ? { type: 'schedule' as const, cron: t.schedule?.cron ?? '', overlap: 'skip' as const, paused: false } : { type: 'manual' as const },
  );
  return { triggers };
}
