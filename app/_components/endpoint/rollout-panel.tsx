'use client';
// The rollout of the current deployment: for a canary, its steps and where it stands, with the bounds it is judged
// by; for every strategy, the decisions the rollout recorded (endpoint.events), newest first.
import { useQuery } from '@tanstack/react-query';
import { isObject } from '../../_lib/artifacts';
import { formatDuration, formatValue } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Time } from '../time';
import type { Deployment, EndpointStats } from './types';

interface CanaryConfig {
  steps: number[];
  intervalMs?: number;
  maxErrorRate?: number;
  maxLatencyP99Ms?: number;
  minRequests?: number;
}

function canaryOf(config: Record<string, unknown>): CanaryConfig | undefined {
  const c = config.canary;
  if (!isObject(c) || !Array.isArray(c.steps)) return undefined;
  const num = (x: unknown) => (typeof x === 'number' ? x : undefined);
  return { steps: c.steps.filter((s): s is number => typeof s === 'number'), intervalMs: num(c.intervalMs), maxErrorRate: num(c.maxErrorRate), maxLatencyP99Ms: num(c.maxLatencyP99Ms), minRequests: num(c.minRequests) };
}

export function RolloutPanel({ endpoint, deployment: d, stats }: { endpoint: string; deployment: Deployment; stats: EndpointStats | undefined }) {
  const trpc = useTRPC();
  const events = useQuery(trpc.endpoint.events.queryOptions({ endpoint }, { refetchInterval: d.status === 'rolling' || d.status === 'pending' ? 2000 : 5000 }));
  const rollout = events.data?.deployment;
  const list = events.data?.events ?? [];
  const canary = d.strategy === 'canary' ? canaryOf(d.config) : undefined;
  if (!canary && list.length === 0 && d.strategy === 'replace') return null;
  return (
    <section className="registry-wide" aria-labelledby="rollout-heading" data-testid="rollout">
      <h2 id="rollout-heading">Rollout</h2>
      <p className="small" data-testid="rollout-summary">
        {summary(d)}
        {rollout && rollout.id !== d.id && (
          <span className="muted"> The decisions below are those of deployment #{rollout.number} ({rollout.strategy}, {rollout.status}).</span>
        )}
      </p>
      {canary && <CanaryProgress d={d} canary={canary} stats={stats} />}
      {list.length > 0 && (
        <ol className="rollout-events" aria-label="Rollout decisions" data-testid="rollout-events">
          {[...list].reverse().map((e) => (
            <li key={e.id} className={`event event-${e.kind}`}>
              <Time value={e.at} /> <span className="event-kind">{e.kind}</span> {e.message}
              <EventDetails details={e.details} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** What the event's message already says (or its time shows), left out of its figures. */
const SAID = new Set(['key', 'reason', 'decision', 'since', 'until']);

/** A recorded value, short and unquoted: {a: 1, b: [2, 3]}. */
function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `${k}: ${show(x)}`).join(', ')}}`;
  return formatValue(v);
}

/** The figures an event recorded (what a canary judgement measured, say), short; what its message says is left out. */
function EventDetails({ details }: { details: Record<string, unknown> }) {
  const shown = Object.entries(details).filter(([k]) => !SAID.has(k));
  if (shown.length === 0) return null;
  return <span className="small muted"> ({shown.map(([k, v]) => `${k} ${show(v)}`).join('; ')})</span>;
}

function summary(d: Deployment): string {
  const share = (role: string) => d.variants.filter((v) => v.role === role).reduce((a, v) => a + v.weight, 0);
  switch (d.status) {
    case 'rolling':
      return d.strategy === 'canary' ? `Rolling out: the canary takes ${share('canary')} % of the traffic.` : `Rolling out by ${d.strategy}.`;
    case 'pending':
      return 'Waiting for the predict servers to load the new version.';
    case 'rolled_back':
      return 'Rolled back.';
    case 'failed':
      return 'The rollout failed.';
    default:
      return d.strategy === 'shadow'
        ? `The shadow variant sees ${share('shadow')} % of the requests; its answers are only recorded.`
        : d.strategy === 'split'
          ? `Traffic is split between ${d.variants.filter((v) => v.role !== 'shadow').length} variants by weight.`
          : `Deployment #${d.number} is ${d.status}.`;
  }
}

function CanaryProgress({ d, canary, stats }: { d: Deployment; canary: CanaryConfig; stats: EndpointStats | undefined }) {
  const weight = d.variants.filter((v) => v.role === 'canary').reduce((a, v) => a + v.weight, 0);
  const done = d.status === 'active' && weight === 0 ? canary.steps.length : canary.steps.filter((s) => s <= weight).length;
  const c = stats?.variants.find((v) => v.role === 'canary');
  return (
    <div className="canary" data-testid="canary-progress">
      <ol className="canary-steps" aria-label="Canary steps">
        {canary.steps.map((s, i) => (
          <li key={`${s}-${i}`} className={i < done ? 'reached' : i === done && d.status === 'rolling' ? 'next' : undefined} aria-current={i === done - 1 && d.status === 'rolling' ? 'step' : undefined}>
            {s} %
          </li>
        ))}
      </ol>
      <p className="small muted">
        Step {Math.min(done, canary.steps.length)} of {canary.steps.length}
        {canary.intervalMs !== undefined && <>, each held {formatDuration(canary.intervalMs)}</>}; rolled back by itself when the canary&apos;s error rate
        passes {canary.maxErrorRate !== undefined ? `${(canary.maxErrorRate * 100).toFixed(1)} %` : 'its bound'} or its p99 passes{' '}
        {canary.maxLatencyP99Ms !== undefined ? `${canary.maxLatencyP99Ms} ms` : 'its bound'}
        {canary.minRequests !== undefined && <> (judged after {canary.minRequests} requests)</>}.
        {c && (
          <>
            {' '}
            Now: {(c.errorRate * 100).toFixed(1)} % errors, p99 {c.p99Ms === null ? '—' : `${c.p99Ms} ms`} over {c.requests} requests.
          </>
        )}
      </p>
    </div>
  );
}
