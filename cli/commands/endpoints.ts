// Serving's control plane through the API: `deploy ENDPOINT MODEL@VERSION [--strategy …]`, `endpoints [NAME]`,
// `rollback ENDPOINT`, `promote-variant ENDPOINT VARIANT`.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, table } from '../output';
import type { Remote } from '../remote';

interface VariantLike { name: string; role: string; weight: number; model: string; version: number; stage: string }
interface DeploymentLike { number: number; strategy: string; status: string; actor: string; reason: string | null; createdAt: Date; variants: VariantLike[] }

const when = (d: Date) => new Date(d).toISOString().replace('T', ' ').slice(0, 19);
/** `penguins@3 (production) 100%`, one per variant, a shadow marked as such. */
const variantsText = (d: DeploymentLike | null) =>
  d ? d.variants.map((v) => `${v.model}@${v.version} (${v.stage}) ${v.role === 'shadow' ? `shadow ${v.weight}%` : `${v.weight}%`}`).join(', ') : '—';

/** The span of the health columns. */
const HEALTH_MINUTES = 5;

interface Seen { requests: number; errors: number; rps: number; p99Ms: number | null }

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** REQ/S, P99, ERRORS of a variant's recent traffic (dashes when no predict server saw any). */
function health(v: Seen | undefined): [string, string, string] {
  if (!v || v.requests === 0) return ['—', '—', '—'];
  const p99 = v.p99Ms === null ? '>10 s' : `≤${v.p99Ms} ms`;
  return [v.rps < 10 ? v.rps.toFixed(2) : v.rps.toFixed(0), p99, `${v.errors} (${pct(v.errors / v.requests)})`];
}

export type DeployStrategy = 'replace' | 'canary' | 'shadow' | 'split';

export interface DeployOptions extends Remote {
  strategy: DeployStrategy;
  reason?: string;
  steps?: number[];
  interval?: string;
  maxErrorRate?: number;
  maxLatencyP99?: number;
  minRequests?: number;
  variant?: Array<{ model: string; weight: number }>;
  stickyHeader?: string;
  stickyField?: string;
  sample?: number;
  wait?: boolean;
}

export async function deployCommand(endpoint: string, model: string, opts: DeployOptions): Promise<number> {
  const canary = opts.strategy === 'canary'
    ? { steps: opts.steps, interval: opts.interval, maxErrorRate: opts.maxErrorRate, maxLatencyP99: opts.maxLatencyP99, minRequests: opts.minRequests }
    : undefined;
  const sticky = opts.stickyHeader || opts.stickyField ? { header: opts.stickyHeader, field: opts.stickyField } : undefined;
  const d = await connect(opts).endpoint.deploy.mutate({
    endpoint, model, strategy: opts.strategy, reason: opts.reason, canary,
    variants: opts.variant && opts.variant.length > 0 ? opts.variant : undefined, sticky, sample: opts.sample, wait: opts.wait,
  });
  if (opts.json) {
    console.log(JSON.stringify(d, null, 2));
    return EXIT.ok;
  }
  const state = d.status === 'active' ? '' : ` — ${d.status}${d.status === 'pending' || d.status === 'rolling' ? ` (headrace endpoints ${endpoint} shows its progress)` : ''}`;
  console.log(`${bold(endpoint)}: deployment #${d.number} (${d.strategy}) serves ${variantsText(d)}${d.endpointCreated ? ' — new endpoint' : ''}${state}`);
  return d.status === 'failed' || d.status === 'rolled_back' ? EXIT.failed : EXIT.ok;
}

export async function promoteVariantCommand(endpoint: string, variant: string, opts: Remote & { reason?: string }): Promise<number> {
  const d = await connect(opts).endpoint.promote.mutate({ endpoint, variant, reason: opts.reason });
  if (opts.json) {
    console.log(JSON.stringify(d, null, 2));
    return EXIT.ok;
  }
  console.log(`${bold(endpoint)}: ${variant} takes all the traffic (deployment #${d.number}, ${d.status}), serving ${variantsText(d)}`);
  return EXIT.ok;
}

export async function rollbackCommand(endpoint: string, opts: Remote & { reason?: string }): Promise<number> {
  const d = await connect(opts).endpoint.rollback.mutate({ endpoint, reason: opts.reason });
  if (opts.json) {
    console.log(JSON.stringify(d, null, 2));
    return EXIT.ok;
  }
  console.log(`${bold(endpoint)}: rolled back #${d.undone} to #${d.restored} (now deployment #${d.number}), serving ${variantsText(d)}`);
  return EXIT.ok;
}

export async function endpointsCommand(name: string | undefined, opts: Remote): Promise<number> {
  const api = connect(opts);
  if (name) {
    const e = await api.endpoint.get.query({ name });
    if (opts.json) {
      const stats = await api.endpoint.stats.query({ endpoint: name, minutes: HEALTH_MINUTES });
      console.log(JSON.stringify({ ...e, health: { minutes: HEALTH_MINUTES, variants: stats.variants } }, null, 2));
      return EXIT.ok;
    }
    console.log(`${bold(e.name)}  ${e.current ? `deployment #${e.current.number} (${e.current.strategy}, ${e.current.status})` : 'no deployment'}`);
    if (e.current) {
      // Health: what the predict servers reported for each variant over the last 5 minutes.
      const stats = await api.endpoint.stats.query({ endpoint: name, minutes: HEALTH_MINUTES });
      const seen = new Map(stats.variants.map((v) => [v.variant, v]));
      const rows = [['VARIANT', 'ROLE', 'WEIGHT', 'MODEL', 'VERSION', 'STAGE', 'REQ/S', 'P99', 'ERRORS']];
      for (const v of e.current.variants) rows.push([v.name, v.role, `${v.weight}%`, v.model, String(v.version), v.stage, ...health(seen.get(v.name))]);
      console.log(table(rows));
      const shadows = stats.variants.filter((v) => v.shadow && v.shadow.compared > 0);
      for (const v of shadows) {
        const s = v.shadow!;
        console.log(dim(`shadow ${v.variant}: ${s.compared} compared, agreement ${pct(s.agreement)}, rmse ${s.rmse?.toFixed(4) ?? '—'}, latency ${s.latencyDiffMeanMs === null ? '—' : `${s.latencyDiffMeanMs >= 0 ? '+' : ''}${s.latencyDiffMeanMs.toFixed(2)} ms`}, dropped ${s.dropped}`));
      }
      console.log(dim(`health over the last ${HEALTH_MINUTES} minutes, as the predict servers reported it`));
    }
    console.log(dim(`token required: ${e.requireToken ? 'yes' : 'no'}; prediction log sample: ${e.logSampleRate}`));
    const rollout = await api.endpoint.events.query({ endpoint: name });
    if (rollout.deployment && rollout.events.length > 0) {
      console.log('');
      console.log(`rollout of deployment #${rollout.deployment.number} (${rollout.deployment.strategy}, ${rollout.deployment.status})`);
      console.log(table([['WHEN', 'EVENT', 'WHAT'], ...rollout.events.map((ev) => [when(ev.at), ev.kind, ev.message])]));
    }
    if (e.history.length > 0) {
      console.log('');
      const rows = [['#', 'STRATEGY', 'STATUS', 'SERVES', 'BY', 'WHEN', 'REASON']];
      for (const d of e.history) rows.push([String(d.number), d.strategy, d.status, variantsText(d), d.actor, when(d.createdAt), d.reason ?? '']);
      console.log(table(rows));
    }
    return EXIT.ok;
  }
  const list = await api.endpoint.list.query();
  const stats = await Promise.all(list.map((e) => api.endpoint.stats.query({ endpoint: e.name, minutes: HEALTH_MINUTES })));
  const answering = stats.map((st) => st.answering);
  if (opts.json) {
    console.log(JSON.stringify(list.map((e, i) => ({ ...e, health: { minutes: HEALTH_MINUTES, ...answering[i] } })), null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log('no endpoints yet (headrace deploy ENDPOINT MODEL@VERSION makes one)');
    return EXIT.ok;
  }
  const rows = [['ENDPOINT', 'DEPLOYMENT', 'STRATEGY', 'SERVES', 'REQ/S', 'P99', 'ERRORS', 'UPDATED']];
  list.forEach((e, i) => {
    rows.push([e.name, e.current ? `#${e.current.number}` : '—', e.current?.strategy ?? '', variantsText(e.current), ...health(answering[i]), when(e.updatedAt)]);
  });
  console.log(table(rows));
  console.log(dim(`REQ/S, P99 and ERRORS over the last ${HEALTH_MINUTES} minutes, as the predict servers reported them`));
  return EXIT.ok;
}
