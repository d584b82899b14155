// monitor.*: monitors applied per endpoint, the windows their workflows stored, the alerts raised, and one window
// computed on demand (docs/monitoring.md, "Monitors"; docs/api.md).
import { z } from 'zod';
import { applyMonitor, computeMonitorWindow, getMonitorView, listMonitorViews, monitorAlerts, monitorWindows } from '../../services/monitors';
import { alertDeliveryLog, endpointSilences, silenceAlerts, unsilence } from '../../services/alerts';
import {
  AlertKind, AlertOut, ApplyOut, ComputeOut, DeliveriesOut, MonitorEndpoint, MonitorOut, MonitorSummaryOut, SilenceOut, Since, WindowsOut,
} from '../schemas/monitor';
import { actorOf, editorProcedure, router, viewerProcedure } from '../trpc';

const Limit = z.number().int().min(1).max(500).optional();

export const monitorRouter = router({
  /**
   * Checks a monitor file (`*.monitor.yaml`) and saves its spec for its endpoint, then starts the endpoint's
   * monitor workflow or signals it to reload the spec. `dryRun`: checks and says what would happen, saving nothing.
   * BAD_REQUEST with diagnostics (line and column) when the file is invalid.
   */
  // `save`, not `apply`: tRPC reserves `apply` (a router is a callable proxy).
  save: editorProcedure
    .input(z.object({ source: z.string().min(1).max(200_000), origin: z.string().max(1000).optional(), dryRun: z.boolean().optional() }))
    .output(ApplyOut)
    .mutation(async ({ ctx, input }) => {
      const r = await applyMonitor(ctx.svc, { ...input, actor: actorOf(ctx) });
      ctx.auditNote.target = r.endpoint;
      return r;
    }),
  /** Every monitor, by endpoint, with its last stored window and its latest alert. */
  list: viewerProcedure.meta({ openapi: { method: 'GET', path: '/monitors', tags: ['monitors'], summary: 'Monitors with their status' } }).output(z.array(MonitorSummaryOut)).query(({ ctx }) => listMonitorViews(ctx.svc)),
  /** One monitor: spec, source, version, and its workflow's status and progress. NOT_FOUND without one. */
  get: viewerProcedure.meta({ openapi: { method: 'GET', path: '/monitors/{endpoint}', tags: ['monitors'], summary: 'One monitor: spec, status and progress' } })
    .input(z.object({ endpoint: MonitorEndpoint }))
    .output(MonitorOut)
    .query(({ ctx, input }) => getMonitorView(ctx.svc, input.endpoint)),
  /** The stored windows ending within `since` of now (default all), oldest first, at most `limit` (default 500, the newest). */
  windows: viewerProcedure
    .input(z.object({ endpoint: MonitorEndpoint, since: Since.optional(), limit: Limit }))
    .output(WindowsOut)
    .query(({ ctx, input }) => monitorWindows(ctx.svc, input)),
  /** The alerts raised within `since` of now (default all), oldest first, at most `limit` (the newest). */
  alerts: viewerProcedure.meta({ openapi: { method: 'GET', path: '/monitors/{endpoint}/alerts', tags: ['monitors'], summary: 'Alerts a monitor raised, newest first' } })
    .input(z.object({ endpoint: MonitorEndpoint, since: Since.optional(), limit: Limit }))
    .output(z.array(AlertOut))
    .query(({ ctx, input }) => monitorAlerts(ctx.svc, input)),
  /** One window computed now over the prediction log of the last `since`; stored nowhere, no alert raised. */
  compute: viewerProcedure
    .input(z.object({ endpoint: MonitorEndpoint, since: Since }))
    .output(ComputeOut)
    .query(({ ctx, input }) => computeMonitorWindow(ctx.svc, input)),
  /**
   * Silences an endpoint's alerts — of `kind` and about `subject` when given — for `duration` from now, with a
   * reason: alerts raised meanwhile are stored as silenced and never sent to webhooks.
   */
  silence: editorProcedure
    .input(z.object({
      endpoint: MonitorEndpoint,
      kind: AlertKind.optional(),
      subject: z.string().trim().min(1).max(500).optional(),
      duration: Since,
      reason: z.string().trim().min(1, 'a silence needs a reason').max(1000),
    }))
    .output(SilenceOut)
    .mutation(async ({ ctx, input }) => {
      const r = await silenceAlerts(ctx.svc, { ...input, actor: actorOf(ctx) });
      ctx.auditNote.target = `${r.endpoint} silence ${r.id}`;
      return r;
    }),
  /** An endpoint's silences, newest first: those in force, or all of them with `all`. */
  silences: viewerProcedure
    .input(z.object({ endpoint: MonitorEndpoint, all: z.boolean().optional() }))
    .output(z.array(SilenceOut))
    .query(({ ctx, input }) => endpointSilences(ctx.svc, input)),
  /** Ends a silence now (kept as history). NOT_FOUND for an unknown id. */
  unsilence: editorProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .output(SilenceOut)
    .mutation(async ({ ctx, input }) => {
      const r = await unsilence(ctx.svc, input);
      ctx.auditNote.target = `${r.endpoint} silence ${r.id}`;
      return r;
    }),
  /** An alert's delivery log: every attempt to send it to each webhook (ok or not, HTTP status, error, duration). */
  deliveries: viewerProcedure
    .input(z.object({ alertId: z.number().int().positive() }))
    .output(DeliveriesOut)
    .query(({ ctx, input }) => alertDeliveryLog(ctx.svc, input)),
});
