// What an endpoint served lately, per variant, for the endpoint page: the predict servers' serving windows
// (server/db/repo/serving-windows.ts) summed over the last few minutes.
import { getEndpoint } from '../db/repo/endpoints';
import { summarizeServing } from '../db/repo/serving-windows';
import type { Services } from './context';
import { ServiceError } from './errors';

export interface StatsInput {
  endpoint: string;
  /** The span, ending now (default 5). */
  minutes?: number;
  /** Only this deployment's windows (default: every deployment of the endpoint in the span). */
  deploymentId?: string;
}

/**
 * Per-variant requests/s, p50/p99 latency, error rate and shadow comparison over the last `minutes`, with the
 * server's clock (so the page says "as of" in server time) and the predict server's URL (for the usage snippet).
 * A percentile above the histogram's last bound (10 s) is given as null while `requests` is above 0.
 */
export async function endpointStats(svc: Services, input: StatsInput) {
  const e = await getEndpoint(svc.db, input.endpoint);
  if (!e) throw new ServiceError('NOT_FOUND', `no endpoint named ${input.endpoint}`);
  const minutes = input.minutes ?? 5;
  const now = new Date();
  const since = new Date(now.getTime() - minutes * 60_000);
  const summary = await summarizeServing(svc.db, { endpoint: e.name, since, until: now, deploymentId: input.deploymentId });
  const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
  // The variants that answer callers (shadows never do), summed: what a caller of the endpoint saw.
  const answering = summary.filter((v) => v.role !== 'shadow');
  const requests = answering.reduce((a, v) => a + v.requests, 0);
  const errors = answering.reduce((a, v) => a + v.errors, 0);
  const p99s = answering.filter((v) => v.requests > 0).map((v) => v.p99Ms ?? Number.POSITIVE_INFINITY);
  return {
    endpoint: e.name,
    now,
    since,
    minutes,
    serveUrl: svc.config.serveUrl,
    /** The answering variants together: requests/s, error rate and the worst p99 (null: none, or above 10 s). */
    answering: {
      requests,
      errors,
      errorRate: requests > 0 ? errors / requests : 0,
      rps: answering.reduce((a, v) => a + v.rps, 0),
      p99Ms: p99s.length > 0 ? finite(Math.max(...p99s)) : null,
    },
    variants: summary.map(({ latencyCounts: _counts, ...v }) => ({
      ...v,
      p50Ms: finite(v.p50Ms),
      p99Ms: finite(v.p99Ms),
    })),
  };
}
