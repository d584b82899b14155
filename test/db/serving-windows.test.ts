// Serving windows on PGlite and PostgreSQL: predict servers' rows summed per variant over a span, percentiles read
// from the merged latency histogram, shadow agreement, and the rows a span or a deployment leaves out.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import {
  emptyLatencyCounts, emptyShadowCounts, LATENCY_BOUNDS_MS, latencyBucket, quantileOf, recordServingWindows,
  summarizeServing, type ServingWindowInput,
} from '../../server/db/repo/serving-windows';

describe('latency histogram', () => {
  it('puts a latency in the first bucket whose bound it does not exceed, overflow last', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(0.25)).toBe(0);
    expect(latencyBucket(0.26)).toBe(1);
    expect(latencyBucket(10)).toBe(LATENCY_BOUNDS_MS.indexOf(10));
    expect(latencyBucket(1e9)).toBe(LATENCY_BOUNDS_MS.length);
  });

  it('reads quantiles as bucket bounds', () => {
    const counts = emptyLatencyCounts();
    counts[latencyBucket(1)] = 98;
    counts[latencyBucket(40)] = 2;
    expect(quantileOf(counts, 0.5)).toBe(1);
    expect(quantileOf(counts, 0.98)).toBe(1);
    expect(quantileOf(counts, 0.99)).toBe(40);
    expect(quantileOf(emptyLatencyCounts(), 0.99)).toBeNull();
  });
});

const backends: Array<[string, () => string]> = [
  ['PGlite', () => 'memory://'],
  ['PostgreSQL', () => inject('postgresUrl')],
];

describe.each(backends)('serving windows on %s', (_name, url) => {
  let database: Database;
  const endpoint = `sw-${randomUUID().slice(0, 8)}`;
  const deploymentId = randomUUID();
  const t0 = new Date('2026-12-01T10:00:00Z');
  const at = (s: number) => new Date(t0.getTime() + s * 1000);

  const window = (over: Partial<ServingWindowInput>): ServingWindowInput => {
    const counts = emptyLatencyCounts();
    counts[latencyBucket(2)] = over.requests ?? 10;
    return {
      endpoint, deploymentId, variant: 'stable', role: 'primary', modelVersionId: null, server: 'a:1',
      windowStart: at(0), windowEnd: at(5), requests: 10, errors: 0, latencyCounts: counts, latencySumMs: 20, ...over,
    };
  };

  beforeAll(async () => {
    database = await openDatabase(url(), { migrate: true });
  });
  afterAll(async () => {
    await database.close();
  });

  it('sums every server and window of a variant and skips empty windows', async () => {
    const slow = emptyLatencyCounts();
    slow[latencyBucket(2)] = 90;
    slow[latencyBucket(300)] = 10;
    const shadow = { ...emptyShadowCounts(), compared: 40, agreed: 30, dropped: 2, rows: 40, squaredErrorSum: 10, latencyDiffSumMs: 20 };
    const written = await recordServingWindows(database.db, [
      window({ server: 'a:1' }),
      window({ server: 'b:2', windowStart: at(5), windowEnd: at(10), errors: 1 }),
      window({ variant: 'canary', role: 'canary', requests: 100, errors: 5, latencyCounts: slow, latencySumMs: 3180 }),
      window({ variant: 'challenger', role: 'shadow', requests: 40, shadow }),
      window({ variant: 'idle', requests: 0, latencyCounts: emptyLatencyCounts(), latencySumMs: 0 }),
      window({ windowStart: at(100), windowEnd: at(105) }),
      window({ deploymentId: randomUUID(), windowStart: at(5), windowEnd: at(10) }),
    ]);
    expect(written).toBe(6);

    const all = await summarizeServing(database.db, { endpoint, since: at(0), until: at(10), deploymentId });
    expect(all.map((v) => v.variant)).toEqual(['canary', 'challenger', 'stable']);
    const stable = all.find((v) => v.variant === 'stable')!;
    expect(stable).toMatchObject({ requests: 20, errors: 1, errorRate: 0.05, rps: 2, p50Ms: 2, p99Ms: 2, servers: 2 });
    const canary = all.find((v) => v.variant === 'canary')!;
    expect(canary).toMatchObject({ requests: 100, errorRate: 0.05, p50Ms: 2, p99Ms: 300, role: 'canary' });
    expect(canary.meanMs).toBeCloseTo(31.8);
    const challenger = all.find((v) => v.variant === 'challenger')!;
    expect(challenger.shadow).toMatchObject({ compared: 40, agreed: 30, dropped: 2, agreement: 0.75, latencyDiffMeanMs: 0.5 });
    expect(challenger.shadow!.rmse).toBeCloseTo(0.5);

    const anyDeployment = await summarizeServing(database.db, { endpoint, since: at(0), until: at(10) });
    expect(anyDeployment.find((v) => v.variant === 'stable')!.requests).toBe(30);
    const later = await summarizeServing(database.db, { endpoint, since: at(11), until: at(200) });
    expect(later.map((v) => [v.variant, v.requests])).toEqual([['stable', 10]]);
  });

  it('refuses a histogram of the wrong length', async () => {
    await expect(recordServingWindows(database.db, [window({ latencyCounts: [1, 2, 3] })])).rejects.toThrow(/3 latency counts/);
  });
});
