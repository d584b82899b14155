// Evaluates a compiled `when:` condition against upstream step states and metrics. Pure: the workflow calls it
// inside its sandbox, and the explanation it returns is what the run view shows for a skipped step.
import type { WhenExpr } from '../plan';
import type { StepState } from '../states';
import { formatWhen } from './format';

export interface WhenEnv {
  /** The state of an upstream step (finished by the time the condition is evaluated). */
  state(stepId: string): StepState;
  /** A number of the step's Metrics output; undefined when the step was skipped or has no such metric. */
  metric(stepId: string, name: string): number | undefined;
}

export interface WhenResult {
  value: boolean;
  /** A short sentence saying why the condition is false ('' when it is true). */
  reason: string;
}

type Value = string | number | boolean | null;

/** A value, or `missing` with the sentence saying why it could not be read. */
type Read = { ok: true; value: Value } | { ok: false; why: string };

/** A boolean with the facts that decided it (`accuracy = 0.85`), or why a comparison could not be made. */
interface Outcome {
  value: boolean;
  facts: string[];
}

/**
 * `source`, the condition as written, makes the reason read as the user wrote it; params are already
 * substituted in `expr`, so the substituted form follows when it differs (`${{ params.train }}` → `false`).
 */
export function evaluateWhen(expr: WhenExpr, env: WhenEnv, source?: string): WhenResult {
  const outcome = evaluate(expr, env);
  if (outcome.value) return { value: true, reason: '' };
  const formatted = formatWhen(expr);
  const written = source?.trim() || formatted;
  const facts = [...(written !== formatted ? [`with params: ${formatted}`] : []), ...unique(outcome.facts)];
  return { value: false, reason: `when: ${written} is false${facts.length > 0 ? ` (${facts.join(', ')})` : ''}` };
}

function evaluate(expr: WhenExpr, env: WhenEnv): Outcome {
  switch (expr.kind) {
    case 'not': {
      const inner = evaluate(expr.arg, env);
      return { value: !inner.value, facts: inner.facts };
    }
    case 'and': {
      const left = evaluate(expr.left, env);
      if (!left.value) return left;
      const right = evaluate(expr.right, env);
      return { value: right.value, facts: [...left.facts, ...right.facts] };
    }
    case 'or': {
      const left = evaluate(expr.left, env);
      if (left.value) return left;
      const right = evaluate(expr.right, env);
      return { value: right.value, facts: [...left.facts, ...right.facts] };
    }
    case 'compare': {
      const left = read(expr.left, env);
      const right = read(expr.right, env);
      const facts = [describe(expr.left, left), describe(expr.right, right)].filter((f): f is string => f !== undefined);
      if (!left.ok || !right.ok) return { value: false, facts };
      return { value: compare(expr.op, left.value, right.value), facts };
    }
    default: {
      // A bare operand: a literal, a state or a metric used as a boolean.
      const r = read(expr, env);
      const fact = describe(expr, r);
      return { value: r.ok && truthy(r.value), facts: fact === undefined ? [] : [fact] };
    }
  }
}

function read(expr: WhenExpr, env: WhenEnv): Read {
  switch (expr.kind) {
    case 'literal':
      return { ok: true, value: expr.value };
    case 'state':
      return { ok: true, value: env.state(expr.step) };
    case 'metric': {
      const value = env.metric(expr.step, expr.metric);
      if (value !== undefined) return { ok: true, value };
      const state = env.state(expr.step);
      const why =
        state === 'succeeded' || state === 'cached'
          ? `step ${expr.step} reported no metric ${expr.metric}`
          : `step ${expr.step} is ${state}, so ${expr.metric} has no value`;
      return { ok: false, why };
    }
    default: {
      const o = evaluate(expr, env);
      return { ok: true, value: o.value };
    }
  }
}

/** What the reader needs to know about an operand: the value read, or why there was none. */
function describe(expr: WhenExpr, r: Read): string | undefined {
  if (!r.ok) return r.why;
  if (expr.kind === 'metric') return `${expr.metric} = ${String(r.value)}`;
  if (expr.kind === 'state') return `${expr.step} is ${String(r.value)}`;
  return undefined;
}

function compare(op: Extract<WhenExpr, { kind: 'compare' }>['op'], a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    default: {
      // Ordering is defined between two numbers or two strings; anything else (the checker refuses it) is false.
      if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string'))) return false;
      if (op === '<') return a < b;
      if (op === '<=') return a <= b;
      if (op === '>') return a > b;
      return a >= b;
    }
  }
}

function truthy(v: Value): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
