// deploy.lifecycle: a candidate version's whole way to production as one durable child workflow (docs/lifecycle.md):
// gate against the champion on the same fresh test data → shadow (agreement judged from serving windows) →
// approve (optional) → canary → promote. The gate's conditions compare with the champion: `">= baseline"`,
// `">= baseline - 0.01"`, `"> baseline + 0.005"`, or an absolute figure as `gate:` reads them (dsl/gates.ts).
import { z } from 'zod';
import { DURATION } from '../grammar';
import { GATE_COMPARE, parseGate } from '../gates';
import type { GateCondition } from '../plan';
import { columnName } from './columns';
import { APPROVER_ROLES } from './control';
import { canaryConfig, ENDPOINT_NAME, ENDPOINT_NAME_RULE, MODEL_AT_VERSION } from './deploy';
import { classifierMetrics } from './evaluate';
import { defaultExecution, defineStepKind } from './types';

/** A condition of the lifecycle's gate: absolute (`value` is the bound) or relative to the champion (`value` is the margin). */
export interface LifecycleCondition {
  metric: string;
  op: GateCondition['op'];
  /** Relative to the champion's figure on the same test table. */
  baseline: boolean;
  /** The bound (absolute) or the margin added to the champion's figure (relative). */
  value: number;
  /** As written, normalised: `accuracy >= baseline - 0.01`. */
  source: string;
}

const RELATIVE = /^\s*(>=|<=|==|!=|>|<)?\s*baseline\s*(?:([+-])\s*((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?))?\s*$/;

/** The condition `value` states for `metric`, or undefined when it is neither `OP baseline [± NUMBER]` nor `OP NUMBER`. */
export function parseLifecycleCondition(metric: string, value: unknown): LifecycleCondition | undefined {
  if (typeof value === 'string') {
    const m = RELATIVE.exec(value);
    if (m) {
      const op = (m[1] ?? '>=') as GateCondition['op'];
      const margin = m[3] === undefined ? 0 : Number(m[3]) * (m[2] === '-' ? -1 : 1);
      const tail = margin === 0 ? '' : ` ${margin < 0 ? '-' : '+'} ${Math.abs(margin)}`;
      return { metric, op, baseline: true, value: margin, source: `${metric} ${op} baseline${tail}` };
    }
  }
  const g = parseGate(metric, value);
  return g && { metric, op: g.op, baseline: false, value: g.value, source: g.source };
}


const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));

/** One condition judged: the figures on both sides and the bound they were held to. */
export interface LifecycleCheck {
  condition: string;
  candidate: number | null;
  baseline: number | null;
  /** The bound the candidate's figure was held to (null: nothing to compare with). */
  bound: number | null;
  met: boolean;
  /** A sentence naming both figures. */
  reason: string;
}

/**
 * Judges the conditions on the candidate's and the champion's metrics (the champion's absent: no baseline, the
 * relative conditions pass as the first version's). A metric missing from the candidate fails its condition.
 */
export function judgeLifecycleGate(
  conditions: LifecycleCondition[],
  candidate: Record<string, number>,
  baseline: Record<string, number> | undefined,
): { passed: boolean; checks: LifecycleCheck[] } {
  const checks = conditions.map((c): LifecycleCheck => {
    const mine = candidate[c.metric];
    const theirs = baseline?.[c.metric];
    if (mine === undefined) {
      return { condition: c.source, candidate: null, baseline: theirs ?? null, bound: null, met: false, reason: `the candidate has no ${c.metric} (have: ${Object.keys(candidate).join(', ') || 'none'})` };
    }
    if (c.baseline && !baseline) {
      return { condition: c.source, candidate: mine, baseline: null, bound: null, met: true, reason: `no baseline: first version (candidate ${c.metric} ${fmt(mine)})` };
    }
    if (c.baseline && theirs === undefined) {
      return { condition: c.source, candidate: mine, baseline: null, bound: null, met: false, reason: `the baseline has no ${c.metric} to compare with` };
    }
    const bound = c.baseline ? theirs! + c.value : c.value;
    const met = GATE_COMPARE[c.op](mine, bound);
    const against = c.baseline ? `baseline ${fmt(theirs!)}${c.value === 0 ? '' : ` ${c.value < 0 ? '-' : '+'} ${Math.abs(c.value)} = ${fmt(bound)}`}` : String(bound);
    const reason = `candidate ${c.metric} ${fmt(mine)} ${met ? 'meets' : 'does not meet'} ${c.op} ${against}`;
    return { condition: c.source, candidate: mine, baseline: theirs ?? null, bound, met, reason };
  });
  return { passed: checks.every((c) => c.met), checks };
}

const duration = (example: string) => z.string().regex(DURATION, `a duration like ${example}`);

/** The champion: a stage of the candidate's model (`production`, `staging`) or a version `MODEL@VERSION`. */
const BASELINE = /^(production|staging)$|^[^@\s]+@v?[1-9][0-9]*$/;

const lifecycleConfig = z.strictObject({
  endpoint: z.string().regex(ENDPOINT_NAME, `use ${ENDPOINT_NAME_RULE}`).describe('Endpoint the candidate is shadowed, canaried and finally served behind (serving nothing yet, it is deployed by replace)'),
  baseline: z
    .string()
    .regex(BASELINE, 'production, staging, or a version like "penguins@3"')
    .default('production')
    .describe('The champion the candidate is compared with: the version of the candidate\'s model in a stage (production, the default; staging), or MODEL@VERSION. None there: the gate passes as the first version\'s'),
  target: columnName.optional().describe("Column of the test table with the true classes (default: the model's target)"),
  gate: z
    .record(z.string(), z.union([z.number(), z.string()]))
    .default({ accuracy: '>= baseline' })
    .superRefine((gate, ctx) => {
      for (const [metric, value] of Object.entries(gate)) {
        if (!(classifierMetrics as readonly string[]).includes(metric)) {
          ctx.addIssue({ code: 'custom', path: [metric], message: `is not a metric both models are scored on (${classifierMetrics.join(', ')})` });
        } else if (!parseLifecycleCondition(metric, value)) {
          ctx.addIssue({ code: 'custom', path: [metric], message: `"${String(value)}" is not a condition: write ">= baseline", ">= baseline - 0.01", "> baseline + 0.005" or an absolute one like ">= 0.9"` });
        }
      }
    })
    .describe('Conditions on metrics of both models scored on the test table: ">= baseline", with a margin (">= baseline - 0.01"), or absolute (">= 0.9"); default accuracy >= baseline'),
  shadow: z
    .strictObject({
      requests: z.number().int().min(1).max(1_000_000_000).optional().describe('Shadow until this many copied requests were compared with the champion\'s answers'),
      for: duration('"30m" or "2h"').optional().describe('Shadow at most this long (a durable timer), e.g. "2h"'),
      minAgreement: z.number().min(0).max(1).default(0.9).describe('Lowest share (0 to 1) of compared rows on which the candidate answers as the champion; below it the shadow is removed and the step fails'),
      sample: z.number().gt(0).max(100).default(100).describe('Percent of the requests copied to the candidate (default 100)'),
      interval: duration('"30s" or "1m"').default('1m').describe('How often the comparisons are counted while the shadow runs (default "1m")'),
    })
    .refine((s) => s.requests !== undefined || s.for !== undefined, { message: 'needs requests, for, or both: when to judge the agreement' })
    .optional()
    .describe('Shadow the candidate before the canary: requests (count) and/or for (duration), minAgreement (0.9), sample (100), interval ("1m")'),
  approve: z
    .strictObject({
      approvers: z.array(z.enum(APPROVER_ROLES)).min(1).default(['editor', 'admin']).describe('Roles that may approve or reject (editor, admin)'),
      timeout: duration('"24h" or "7d"').default('7d').describe('How long to wait for a decision; when it passes the lifecycle ends as rejected'),
      message: z.string().max(2000).optional().describe('What to check before deciding, shown to the approvers'),
    })
    .optional()
    .describe('Wait for a person between the shadow and the canary (headrace approve RUN STEP); rejection or timeout fails the step'),
  canary: canaryConfig
    .prefault({})
    .describe('The canary: steps (percent, default 5, 25, 50, 100), interval ("10m"), maxErrorRate (0.01), maxLatencyP99 in ms (100), minRequests (100), maxHolds (3)'),
});
export type DeployLifecycleConfig = z.infer<typeof lifecycleConfig>;

/** The gate's conditions of a parsed config. */
export function lifecycleConditions(config: Pick<DeployLifecycleConfig, 'gate'>): LifecycleCondition[] {
  return Object.entries(config.gate).map(([metric, value]) => parseLifecycleCondition(metric, value)).filter((c): c is LifecycleCondition => c !== undefined);
}

/** `MODEL@VERSION` of a baseline naming a version (undefined for a stage). */
export const baselineVersion = (baseline: string) => (MODEL_AT_VERSION.test(baseline) ? baseline : undefined);

export const deployLifecycle = defineStepKind({
  kind: 'deploy.lifecycle',
  version: 1,
  group: 'deploy',
  description:
    'Take a registered candidate to production as one durable workflow: gate it against the champion on the same test table, shadow it and judge its agreement, ' +
    'wait for an approval if asked, roll it out by canary, then promote it to production. A stage that stops it fails the step with its reason and leaves the endpoint as it was; ' +
    'every decision is audited with its evidence and shown as the step\'s timeline.',
  inputs: {
    version: { type: 'ModelVersion', description: 'The candidate the pipeline registered (staging)' },
    test: { type: 'Table', description: 'Fresh test rows both the candidate and the champion are scored on' },
  },
  outputs: { deployment: { type: 'Deployment', description: 'The deployment serving the candidate once it is promoted' } },
  config: lifecycleConfig,
  mode: 'child',
  pathFields: [],
  // A shadow, an approval (7 days by default) and a canary: the step waits up to 8 days by default (`timeout:` changes it).
  execution: { ...defaultExecution, timeoutSeconds: 8 * 24 * 3600 },
  columnRefs: (config) => (config.target ? [{ port: 'test', column: config.target, path: ['target'] }] : []),
});
