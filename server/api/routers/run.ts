// run.*: start, read, list, cancel and retry runs; follow their logs and their state changes.
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { getRunSummary, listRuns } from '../../db/repo/runs';
import { trainingCurves } from '../../db/repo/training-epochs';
import { compareRuns } from '../../services/compare';
import { ServiceError } from '../../services/errors';
import { runEvents, runLogs } from '../../services/run-follow';
import { decideApproval } from '../../services/approvals';
import { cancelRun, getRunView, reproduceRun, resolveRunId, retryRun, startRun } from '../../services/runs';
import { RunTrigger } from '../../../dsl/states';
import { CompareRef, DecisionOut, EpochCurveOut, LogPage, RunComparisonOut, RunDetail, RunEvent, RunOut, RunPage, RunRef, RunStatus } from '../schemas/run';
import type { Services } from '../../services/context';
import { actorOf, editorProcedure, router, viewerProcedure, type AuditNote } from '../trpc';

// Every procedure that takes a run takes its id or a unique prefix of it (resolveRunId).
const RunId = z.object({ id: RunRef });

/** The full id of the run `ref` names, which a mutation's audit row then records instead of the prefix typed. */
async function runOf(ctx: { svc: Services; auditNote: AuditNote }, ref: string): Promise<string> {
  const id = await resolveRunId(ctx.svc, ref);
  ctx.auditNote.target = id;
  return id;
}

const Decision = z.object({
  id: RunRef,
  /** The id of the waiting `approve` step. */
  step: z.string().min(1),
  /** Why: kept with the decision in the run and the audit log. */
  reason: z.string().trim().min(1).max(2000),
});

export const runRouter = router({
  /** Starts a run of a saved pipeline (by name, optional version) or of inline source (saved first). */
  start: editorProcedure.meta({ openapi: { method: 'POST', path: '/runs', tags: ['runs'], summary: 'Start a run of a saved pipeline (or of inline source)' } })
    .input(
      z.object({
        pipeline: z.string().min(1).optional(),
        version: z.number().int().positive().optional(),
        source: z.string().optional(),
        baseDir: z.string().optional(),
        origin: z.string().optional(),
        params: z.record(z.string(), z.unknown()).optional(),
        /** The same key returns the first run instead of starting another (safe client retries). */
        idempotencyKey: z.string().min(1).max(200).optional(),
        /** false: execute every step even where `cache: true` would reuse an earlier result. */
        cache: z.boolean().optional(),
      }).refine((v) => v.pipeline !== undefined || v.source !== undefined, { message: 'is required unless `source` is given', path: ['pipeline'] }),
    )
    .output(RunOut)
    .mutation(({ ctx, input: { cache, ...input } }) => startRun(ctx.svc, { ...input, noCache: cache === false, author: actorOf(ctx) })),
  get: viewerProcedure.meta({ openapi: { method: 'GET', path: '/runs/{id}', tags: ['runs'], summary: 'A run with its steps' } }).input(RunId).output(RunDetail).query(async ({ ctx, input }) => getRunView(ctx.svc, await resolveRunId(ctx.svc, input.id))),
  /** Runs newest first, filtered; pass `nextCursor` back as `cursor` for the next page. */
  list: viewerProcedure.meta({ openapi: { method: 'GET', path: '/runs', tags: ['runs'], summary: 'Runs, newest first, filtered' } })
    .input(
      z.object({
        pipeline: z.string().optional(),
        status: RunStatus.optional(),
        trigger: RunTrigger.optional(),
        /** Only the retraining runs this endpoint's monitor started (a drift or performance trigger on it). */
        endpoint: z.string().min(1).optional(),
        from: isoDate().optional(),
        to: isoDate().optional(),
        cursor: z.string().uuid().nullish(),
        limit: z.number().int().min(1).max(500).default(50),
      }).default({ limit: 50 }),
    )
    .output(RunPage)
    .query(({ ctx, input }) => listRuns(ctx.svc.db, { ...input, cursor: input.cursor ?? undefined })),
  cancel: editorProcedure.meta({ openapi: { method: 'POST', path: '/runs/{id}/cancel', tags: ['runs'], summary: 'Cancel a run' } })
    .input(RunId)
    .output(z.object({ id: z.string().uuid(), cancelRequested: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const id = await runOf(ctx, input.id);
      await cancelRun(ctx.svc, id);
      return { id, cancelRequested: true as const };
    }),
  /** A new run of a failed or cancelled one that reuses its finished steps (`cached`) and runs the rest. */
  retry: editorProcedure.meta({ openapi: { method: 'POST', path: '/runs/{id}/retry', tags: ['runs'], summary: 'Retry a failed or cancelled run, reusing its finished steps' } })
    .input(RunId)
    .output(RunOut)
    .mutation(async ({ ctx, input }) => retryRun(ctx.svc, { id: await runOf(ctx, input.id), author: actorOf(ctx) })),
  /**
   * Reproduces a finished run: the same version, params (or these changed) and seeds, on the data versions it read
   * (its ingest steps' tables, from the store), every other step executed again.
   */
  rerun: editorProcedure.meta({ openapi: { method: 'POST', path: '/runs/{id}/rerun', tags: ['runs'], summary: 'Reproduce a run: the same pipeline version and data versions' } })
    .input(RunId.extend({ params: z.record(z.string(), z.unknown()).optional() }))
    .output(RunOut)
    .mutation(async ({ ctx, input }) => reproduceRun(ctx.svc, { id: await runOf(ctx, input.id), params: input.params, author: actorOf(ctx) })),
  /** Approves a waiting `approve` step: an editor or admin whose role is among the step's `approvers`. */
  approve: editorProcedure.meta({ openapi: { method: 'POST', path: '/runs/{id}/approve', tags: ['runs'], summary: 'Approve a waiting approval step' } })
    .input(Decision)
    .output(DecisionOut)
    .mutation(async ({ ctx, input }) => decideApproval(ctx.svc, { runId: await runOf(ctx, input.id), stepId: input.step, approved: true, reason: input.reason, actor: actorOf(ctx), role: ctx.principal.role })),
  /** Rejects a waiting `approve` step: the step fails with the reason and the run fails. */
  reject: editorProcedure.meta({ openapi: { method: 'POST', path: '/runs/{id}/reject', tags: ['runs'], summary: 'Reject a waiting approval step' } })
    .input(Decision)
    .output(DecisionOut)
    .mutation(async ({ ctx, input }) => decideApproval(ctx.svc, { runId: await runOf(ctx, input.id), stepId: input.step, approved: false, reason: input.reason, actor: actorOf(ctx), role: ctx.principal.role })),
  /** Log lines after the cursor `after`, oldest first; poll with `after = nextCursor`. */
  logs: viewerProcedure.meta({ openapi: { method: 'GET', path: '/runs/{id}/logs', tags: ['runs'], summary: 'Log lines of a run after a cursor' } })
    .input(z.object({ id: RunRef, step: z.string().min(1).optional(), after: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).default(200) }))
    .output(LogPage)
    .query(async ({ ctx, input }) => runLogs(ctx.svc, { ...input, id: await resolveRunId(ctx.svc, input.id) })),
  /** The run's training curves, one per training step (every epoch recorded), each thinned to at most `points`. */
  epochs: viewerProcedure.meta({ openapi: { method: 'GET', path: '/runs/{id}/epochs', tags: ['runs'], summary: 'Training curves of a run: loss and metrics per epoch' } })
    .input(z.object({ id: RunRef, step: z.string().min(1).optional(), points: z.number().int().min(2).max(10_000).default(500) }))
    .output(z.array(EpochCurveOut))
    .query(async ({ ctx, input }) => trainingCurves(ctx.svc.db, [await resolveRunId(ctx.svc, input.id)], { stepId: input.step, points: input.points })),
  /** Two to ten runs side by side: settings and their differences, training data, metrics, curves. */
  compare: viewerProcedure
    .input(z.object({ ids: z.array(CompareRef).min(2).max(10), points: z.number().int().min(2).max(5000).default(300) }))
    .output(RunComparisonOut)
    .query(async ({ ctx, input }) => compareRuns(ctx.svc, input.ids, { points: input.points })),
  /** Server-sent events: where the run stands, then each change, until the run ends. */
  events: viewerProcedure
    .input(RunId)
    .subscription(async ({ ctx, input: { id: ref }, signal }) => {
      const input = { id: await resolveRunId(ctx.svc, ref) };
      // Checked before the stream starts, so an unknown run is a NOT_FOUND answer, not a broken stream.
      if (!(await getRunSummary(ctx.svc.db, input.id))) throw new ServiceError('NOT_FOUND', `no run "${input.id}"`);
      // tRPC's .output() cannot check a stream, so each event is checked against its schema here.
      return (async function* () {
        for await (const event of runEvents(ctx.svc, input.id, { signal })) yield RunEvent.parse(event);
      })();
    }),
});
