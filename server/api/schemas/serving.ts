// Output shapes of endpoint.stats (server/services/endpoint-stats.ts).
import { z } from 'zod';
import { isoDate } from './date';

const ShadowOut = z.object({
  compared: z.number(),
  agreed: z.number(),
  dropped: z.number(),
  squaredErrorSum: z.number(),
  rows: z.number(),
  latencyDiffSumMs: z.number(),
  /** Share of compared copies predicting the primary's class; null before any was compared. */
  agreement: z.number().nullable(),
  rmse: z.number().nullable(),
  /** Mean of (shadow latency − primary latency), milliseconds. */
  latencyDiffMeanMs: z.number().nullable(),
});

export const VariantStatsOut = z.object({
  variant: z.string(),
  role: z.string(),
  deploymentId: z.string().uuid().nullable(),
  modelVersionId: z.string().uuid().nullable(),
  requests: z.number(),
  errors: z.number(),
  errorRate: z.number(),
  rps: z.number(),
  /** Upper bound of the histogram bucket holding the percentile; null without requests, or above the last bound. */
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  meanMs: z.number().nullable(),
  shadow: ShadowOut.nullable(),
  /** Predict server processes that reported windows. */
  servers: z.number().int(),
});

export const EndpointStatsOut = z.object({
  endpoint: z.string(),
  /** The server's clock when the numbers were read, and the start of the span. */
  now: isoDate(),
  since: isoDate(),
  minutes: z.number(),
  /** The predict server applications call (HEADRACE_SERVE_URL). */
  serveUrl: z.string(),
  /** The answering variants together (shadows left out): what callers saw; p99 null without requests or above 10 s. */
  answering: z.object({ requests: z.number(), errors: z.number(), errorRate: z.number(), rps: z.number(), p99Ms: z.number().nullable() }),
  variants: z.array(VariantStatsOut),
});
