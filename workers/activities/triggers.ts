// Retraining triggers fired from the worker: a monitor window's drift and performance triggers, and the polled
// data sources of a pipeline. Each firing is recorded once per key in trigger_events (server/db/repo/triggers.ts),
// so a retried activity or a replayed window starts at most one run; the run is a `pipelineRun` workflow started
// with the worker's own Temporal client under an id derived from the pipeline and the key.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { inArray, eq } from 'drizzle-orm';
import type { DriftTrigger, PerformanceTrigger, Plan } from '../../dsl/plan';
import { getMonitor } from '../../server/db/repo/monitors';
import {
  currentPipeline, fireAndStart, lastSourceReading, pipelinesWatching, polledSources, storeSourceHash,
  type Firing, type StartTriggeredRun,
} from '../../server/db/repo/triggers';
import { monitorAlerts, monitorWindows } from '../../server/db/schema';
import type { WindowQuality } from '../../server/monitoring/stats/types';
import { PIPELINE_RUN, PIPELINE_TASK_QUEUE, type PipelineRunArgs, type TriggerDetails } from '../../server/temporal/contract';
import { guardedFetch, type EgressPolicy } from '../compute/net/egress';
import type { ActivityDeps } from './deps';
import { egressPolicy } from './egress-policy';

export interface WindowTriggersInput {
  endpoint: string;
  windowId: number;
  start: string;
  end: string;
  alertIds: number[];
}

export interface PollDataInput {
  pipeline: string;
}

const SEVERITY_RANK = { warning: 0, critical: 1 } as const;
/** Labelled rows a window needs before a performance trigger judges it, when neither trigger nor monitor says. */
export const DEFAULT_MIN_LABELLED = 30;

/** Starts a pipelineRun with the worker's client; a workflow already started under the id is that run. */
export function startWith(client: Pick<Client, 'workflow'>): StartTriggeredRun {
  return async (workflowId, plan, ctx, memo) => {
    const args: PipelineRunArgs = [plan, ctx];
    try {
      await client.workflow.start(PIPELINE_RUN, { taskQueue: PIPELINE_TASK_QUEUE, workflowId, args, memo });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  };
}

/** "10:00": the window's start, UTC (the full instant is in the details). */
function clock(iso: string): string {
  return iso.slice(11, 16);
}

/** Whether a quality figure is past a performance trigger's bound (judged only with enough labelled rows). */
export function performanceFires(t: PerformanceTrigger, q: WindowQuality, monitorMinLabelled?: number): number | undefined {
  const min = t.minLabelled ?? monitorMinLabelled ?? DEFAULT_MIN_LABELLED;
  const value = q[t.metric];
  if (q.labelled < min || typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (t.below !== undefined && value < t.below) return value;
  if (t.above !== undefined && value > t.above) return value;
  return undefined;
}

export function triggerActivities(deps: ActivityDeps & { client?: () => Pick<Client, 'workflow'> }) {
  const { db } = deps;
  const client = () => deps.client?.() ?? Context.current().client;

  return {
    /**
     * The drift and performance triggers a computed window fires: per pipeline whose current version watches
     * the endpoint, one event per kind and window (`drift:ENDPOINT:WINDOW_START`, `performance:…`), however many
     * alerts the window raised and however often this runs.
     */
    async fireWindowTriggers(input: WindowTriggersInput): Promise<Firing[]> {
      const watching = await pipelinesWatching(db, input.endpoint);
      if (watching.length === 0) return [];
      const alerts = input.alertIds.length === 0 ? [] : await db
        .select({ id: monitorAlerts.id, kind: monitorAlerts.kind, severity: monitorAlerts.severity, subject: monitorAlerts.subject, silenceId: monitorAlerts.silenceId })
        .from(monitorAlerts)
        .where(inArray(monitorAlerts.id, input.alertIds));
      const drift = alerts.filter((a) => a.kind === 'drift');
      const [win] = await db.select({ quality: monitorWindows.quality }).from(monitorWindows).where(eq(monitorWindows.id, input.windowId));
      const quality = (win?.quality ?? { labelled: 0 }) as WindowQuality;
      const monitor = await getMonitor(db, input.endpoint);
      const monitorMin = (monitor?.spec as { quality?: { minLabelled?: number } } | undefined)?.quality?.minLabelled;
      const window = { start: input.start, end: input.end };
      const out: Firing[] = [];
      for (const p of watching) {
        const driftTriggers = p.triggers.filter((t): t is DriftTrigger => t.type === 'drift');
        const least = Math.min(...driftTriggers.map((t) => SEVERITY_RANK[t.severity]));
        const firing = drift.filter((a) => SEVERITY_RANK[a.severity as keyof typeof SEVERITY_RANK] >= least);
        if (driftTriggers.length > 0 && firing.length > 0) {
          const features = firing.map((a) => a.subject ?? 'dataset');
          const details: TriggerDetails = {
            event: `drift:${input.endpoint}:${input.start}`, kind: 'drift', endpoint: input.endpoint, window, windowId: input.windowId,
            alertIds: firing.map((a) => a.id),
            summary: `drift · ${input.endpoint} window ${clock(input.start)} (${features.join(', ')})`,
          };
          out.push(await fireAndStart(db, { pipeline: p, kind: 'drift', key: details.event, details, createdBy: 'monitor' }, startWith(client())));
        }
        for (const t of p.triggers.filter((t): t is PerformanceTrigger => t.type === 'performance')) {
          const value = performanceFires(t, quality, monitorMin);
          if (value === undefined) continue;
          const bound = t.below !== undefined ? `below ${t.below}` : `above ${t.above}`;
          const details: TriggerDetails = {
            event: `performance:${input.endpoint}:${input.start}`, kind: 'performance', endpoint: input.endpoint, window, windowId: input.windowId,
            metric: t.metric, value, labelled: quality.labelled,
            ...(t.below !== undefined && { below: t.below }), ...(t.above !== undefined && { above: t.above }),
            summary: `performance · ${input.endpoint} ${t.metric} ${value.toFixed(3)} ${bound} in window ${clock(input.start)}`,
          };
          out.push(await fireAndStart(db, { pipeline: p, kind: 'performance', key: details.event, details, createdBy: 'monitor' }, startWith(client())));
          break; // one performance event per pipeline and window, whichever of its bounds is crossed first
        }
      }
      return out;
    },

    /**
     * Hashes each polled source of the pipeline's current version; a hash that differs from the one stored fires
     * the data trigger under `data:SOURCE:HASH@SINCE` (the hash is stored after, so a poll that fails in between fires
     * again under the same key). The first reading of a source is its baseline and fires nothing.
     */
    async pollDataSources(input: PollDataInput): Promise<Firing[]> {
      const p = await currentPipeline(db, input.pipeline);
      if (!p || p.archived) return [];
      const out: Firing[] = [];
      for (const t of polledSources(p.plan)) {
        const hash = await contentHash(t.source, deps.dataRoots, () => egressPolicy(deps.db));
        const previous = await lastSourceReading(db, p.pipelineId, t.source);
        if (previous !== undefined && previous.hash !== hash) {
          // Keyed by the new hash and when the source became the one it replaces: a content that comes back
          // (A → B → A → B) fires each time, and a poll retried before it stored the hash fires nothing twice.
          const details: TriggerDetails = {
            event: `data:${t.source}:${hash}@${previous.changedAt.toISOString()}`, kind: 'data', source: t.source, hash,
            summary: `data · ${shortSource(t.source, p.plan)} changed`,
          };
          out.push(await fireAndStart(db, { pipeline: p, kind: 'data', key: details.event, details, createdBy: 'data' }, startWith(client())));
        }
        if (previous?.hash !== hash) await storeSourceHash(db, p.pipelineId, t.source, hash);
      }
      return out;
    },
  };
}

export type TriggerActivities = ReturnType<typeof triggerActivities>;

/** The source as its pipeline's folder shows it (`data/penguins.csv`), or as compiled. */
function shortSource(source: string, plan: Plan): string {
  if (plan.baseDir && source.startsWith(`${plan.baseDir}/`)) return source.slice(plan.baseDir.length + 1);
  return source;
}

const GLOB = /[*?[]/;

/**
 * sha256 of a source's content: a file's bytes; a glob's matching files (names and bytes, in name order); an
 * http(s) URL's body. Files must lie under the worker's data roots, as ingestion's do.
 */
export async function contentHash(source: string, dataRoots: readonly string[], egress: () => Promise<EgressPolicy>): Promise<string> {
  const h = createHash('sha256');
  if (/^https?:\/\//i.test(source)) {
    const res = await guardedFetch(source, {}, await egress());
    if (!res.ok) throw new Error(`data source ${source}: HTTP ${res.status}`);
    h.update(new Uint8Array(await res.arrayBuffer()));
    return h.digest('hex');
  }
  const files = GLOB.test(source) ? await globFiles(source) : [source];
  for (const f of files) {
    if (dataRoots.length > 0 && !dataRoots.some((r) => f === r || f.startsWith(r.endsWith(sep) ? r : `${r}${sep}`))) {
      throw new Error(`data source ${f} is outside the worker's data roots (${dataRoots.join(', ')})`);
    }
    h.update(`${f}\0`);
    await new Promise<void>((resolve, reject) => {
      createReadStream(f).on('data', (c) => h.update(c)).on('end', resolve).on('error', reject);
    });
    h.update('\0');
  }
  return h.digest('hex');
}

/** Files matching a glob (`*`, `?`, `[…]` within one segment; `**` any folders below), sorted. */
async function globFiles(pattern: string): Promise<string[]> {
  const segments = pattern.split('/');
  const firstGlob = segments.findIndex((s) => GLOB.test(s));
  const base = segments.slice(0, firstGlob).join('/') || '/';
  const re = new RegExp(`^${segments.slice(firstGlob).map(segmentRegex).join('/')}$`);
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && re.test(relative(base, full).split(sep).join('/'))) out.push(full);
    }
  };
  if ((await stat(base).catch(() => undefined))?.isDirectory()) await walk(base);
  return out.sort();
}

function segmentRegex(s: string): string {
  if (s === '**') return '(?:.*)';
  return s.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
}
