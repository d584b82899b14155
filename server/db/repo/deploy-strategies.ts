// How a deployment's strategy becomes its variants and settings: one code path for the deploy service (the API
// and the CLI) and for a pipeline's `deploy.rollout` step (docs/serving.md). The rules refuse with an
// EndpointRuleError whose sentence says what to give instead; callers turn it into their own error.
import { durationSeconds } from '../../../dsl/compile/duration';
import { CANARY_DEFAULTS } from '../../temporal/contract';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { models, modelVersions } from '../schema';
import { EndpointRuleError, getDeployments, getEndpoint, replaceVariants, type Strategy, type Variant } from './endpoints';
import type { Stage } from './registry';

export interface CanaryInput {
  /** Canary weights in percent, increasing (default 5, 25, 50, 100). */
  steps?: number[];
  /** Time each step is watched: a duration ("10m", "30s") or milliseconds (default 10m). */
  interval?: string | number;
  maxErrorRate?: number;
  maxLatencyP99Ms?: number;
  minRequests?: number;
  maxHolds?: number;
}

/** What a deploy asks for beyond its version: the strategy and that strategy's settings. */
export interface StrategyInput {
  strategy: Strategy;
  /** `canary`: its steps and bounds. */
  canary?: CanaryInput;
  /** `split` (and `canary`): the request key that pins a caller to one variant. */
  sticky?: { header?: string; field?: string };
  /** `shadow`: percent of the requests copied to the challenger (default 100). */
  sample?: number;
}

/** A variant's name: the model and its version (`penguins-v3`). */
export const variantName = (v: { name: string; version: number }) => `${v.name}-v${v.version}`;

/** The deployment's `config` for a strategy (sticky key, canary settings with the defaults applied). */
export function strategySettings(input: StrategyInput): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (input.sticky && (input.sticky.header || input.sticky.field)) {
    if (input.sticky.header && input.sticky.field) throw new EndpointRuleError('BAD_REQUEST', 'sticky takes a header or a field, not both');
    config.sticky = input.sticky.header ? { header: input.sticky.header } : { field: input.sticky.field };
  }
  if (input.strategy === 'canary') {
    const c = input.canary ?? {};
    const settings = { ...CANARY_DEFAULTS };
    if (c.steps !== undefined) {
      const ok = c.steps.length > 0 && c.steps.every((w, i) => w > 0 && w <= 100 && (i === 0 || w > c.steps![i - 1]));
      if (!ok) throw new EndpointRuleError('BAD_REQUEST', `canary steps ${c.steps.join(',')} must be increasing percentages above 0 and at most 100 (5,25,50,100)`);
      settings.steps = c.steps;
    }
    if (c.interval !== undefined) {
      const seconds = typeof c.interval === 'number' ? c.interval / 1000 : durationSeconds(c.interval);
      if (!seconds || seconds < 1) throw new EndpointRuleError('BAD_REQUEST', `canary interval ${String(c.interval)} is not a duration of at least 1s (30s, 10m, 1h)`);
      settings.intervalMs = Math.round(seconds * 1000);
    }
    if (c.maxErrorRate !== undefined) settings.maxErrorRate = c.maxErrorRate;
    if (c.maxLatencyP99Ms !== undefined) settings.maxLatencyP99Ms = c.maxLatencyP99Ms;
    if (c.minRequests !== undefined) settings.minRequests = c.minRequests;
    if (c.maxHolds !== undefined) settings.maxHolds = c.maxHolds;
    config.canary = settings;
  }
  return config;
}

export interface VersionToServe {
  id: string;
  name: string;
  version: number;
}

/**
 * The variants of a deployment by strategy, from the version to serve and what the endpoint serves now: a
 * `canary` or `shadow` joins the primaries serving now, a `split` shares the traffic with `others` (each
 * resolved by `resolve`, which refuses a version that may not take traffic). `model` names the version in sentences.
 */
export async function strategyVariants<V extends VersionToServe>(db: Db, input: StrategyInput & {
  endpoint: string;
  model: string;
  version: V;
  /** `split`: the other competing versions (specs) and their weights, percent; the version takes what they leave. */
  others?: Array<{ model: string; weight: number }>;
  resolve: (spec: string) => Promise<V>;
}): Promise<Variant[]> {
  const v = input.version;
  const e = await getEndpoint(db, input.endpoint);
  const [current] = e?.currentDeploymentId ? await getDeployments(db, [e.currentDeploymentId]) : [];
  const serving = (current?.variants ?? []).filter((x) => x.role === 'primary' && x.weight > 0);
  switch (input.strategy) {
    case 'replace':
      return replaceVariants(v);
    case 'canary':
    case 'shadow': {
      if (serving.length === 0) {
        throw new EndpointRuleError('BAD_REQUEST', `strategy ${input.strategy} compares the new version with the one serving now, and endpoint ${input.endpoint} serves nothing yet: ` +
          `deploy first with strategy replace, then roll out by ${input.strategy}`);
      }
      const name = variantName(v);
      if (serving.some((x) => x.modelVersionId === v.id)) throw new EndpointRuleError('CONFLICT', `endpoint ${input.endpoint} already serves ${v.name}@${v.version}`);
      if (input.strategy === 'canary') return [...serving, { name, modelVersionId: v.id, weight: 0, role: 'canary' }];
      const sample = input.sample ?? 100;
      if (!(sample > 0 && sample <= 100)) throw new EndpointRuleError('BAD_REQUEST', `shadow sample ${sample} must be a percentage above 0 and at most 100`);
      return [...serving, { name, modelVersionId: v.id, weight: sample, role: 'shadow' }];
    }
    case 'split': {
      const others = input.others ?? [];
      if (others.length === 0) throw new EndpointRuleError('BAD_REQUEST', 'strategy split needs competing variants besides the model: give each MODEL@VERSION with its weight');
      const rest = 100 - others.reduce((a, o) => a + o.weight, 0);
      if (others.some((o) => !(o.weight > 0)) || !(rest > 0)) {
        throw new EndpointRuleError('BAD_REQUEST', `split weights ${others.map((o) => o.weight).join(' + ')} leave ${rest}% to ${input.model}: every variant needs a weight above 0, together below 100`);
      }
      const list = [{ version: v, weight: rest }];
      for (const o of others) list.push({ version: await input.resolve(o.model), weight: o.weight });
      const names = list.map((x) => variantName(x.version));
      const twice = names.find((n, i) => names.indexOf(n) !== i);
      if (twice) throw new EndpointRuleError('BAD_REQUEST', `split names ${twice} twice: each variant is a different version`);
      return list.map((x, i) => ({ name: names[i], modelVersionId: x.version.id, weight: x.weight, role: 'primary' as const }));
    }
  }
}

/** The version `MODEL@VERSION` names (`penguins@3`, `penguins@v3`) with its stage now, or undefined when there is none. */
export async function versionByNumber(db: Db, spec: string): Promise<{ id: string; name: string; version: number; stage: Stage } | undefined> {
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at).trim();
  const version = Number(spec.slice(at + 1).trim().replace(/^v/, ''));
  if (at < 0 || !name || !Number.isInteger(version)) return undefined;
  const [row] = await db
    .select({ id: modelVersions.id, name: models.name, version: modelVersions.version, stage: modelVersions.stage })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, name), eq(modelVersions.version, version)));
  return row ? { ...row, stage: row.stage as Stage } : undefined;
}
