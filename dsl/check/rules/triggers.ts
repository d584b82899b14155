// Triggers. `data:` a polled source or a webhook (not both); `performance:` one bound. `schedule:` triggers: each cron field in range (pointed at inside the text), a time zone the engine knows,
// and — since one Temporal Schedule carries all of a pipeline's crons — the same overlap, zone and pause on each.
import { isSeq, type Node } from 'yaml';
import { checkCron, isTimeZone, timeZoneNames } from '../../cron';
import { OVERLAP_POLICIES } from '../../grammar';
import type { Entry } from '../../parse/ast';
import { asMap, entriesOf, findEntry, resolved, scalarValue } from '../../parse/nodes';
import { didYouMean } from '../../suggest';
import type { Rule } from '../rule';
import { spanInScalar } from '../textSpan';

/** Settings of the pipeline's one Schedule: every schedule trigger must give the same value (or leave it out). */
const SHARED: readonly [key: string, fallback: unknown, valid: (v: unknown) => boolean][] = [
  ['overlap', 'skip', (v) => (OVERLAP_POLICIES as readonly unknown[]).includes(v)],
  ['timezone', 'UTC', (v) => typeof v === 'string' && isTimeZone(v)],
  ['paused', false, (v) => typeof v === 'boolean'],
];

export const triggers: Rule = (ctx) => {
  const list = resolved(ctx.ast.triggers?.value, ctx.ast.doc);
  if (!isSeq(list)) return;
  const schedules: { entries: Entry[]; keyNode: Node }[] = [];
  for (const item of list.items) {
    const itemEntries = entriesOf(asMap(item as Node, ctx.ast.doc), ctx.ast.doc);
    checkData(ctx, findEntry(itemEntries, 'data'));
    checkPerformance(ctx, findEntry(itemEntries, 'performance'));
    const schedule = findEntry(itemEntries, 'schedule');
    const map = asMap(schedule?.value, ctx.ast.doc);
    if (!schedule || !map) continue;
    const entries = entriesOf(map, ctx.ast.doc);
    schedules.push({ entries, keyNode: schedule.keyNode });
    const cron = findEntry(entries, 'cron');
    const cronText = scalarValue(cron?.value);
    if (typeof cronText === 'string') {
      const toSource = spanInScalar(ctx.ast.source, cron?.value, cronText);
      for (const p of checkCron(cronText)) ctx.reportSpan(toSource(p.span), `schedule cron: ${p.message}`, 'cron');
    }
    const tz = findEntry(entries, 'timezone');
    const zone = scalarValue(tz?.value);
    if (typeof zone === 'string' && !isTimeZone(zone)) {
      ctx.report(tz?.value, `schedule timezone: unknown time zone '${zone}'${didYouMean(zone, timeZoneNames())}; use an IANA name like Europe/Paris or UTC`, 'timezone');
    }
  }
  // A value that is wrong in itself is reported as that (shape rule, above), not again as a mismatch.
  for (const [key, fallback, valid] of SHARED) {
    const first = schedules[0] ? (valueOf(schedules[0].entries, key) ?? fallback) : fallback;
    if (!valid(first)) continue;
    for (const { entries, keyNode } of schedules.slice(1)) {
      const entry = findEntry(entries, key);
      const value = valueOf(entries, key) ?? fallback;
      if (valid(value) && value !== first) {
        const msg = `schedule ${key}: every schedule trigger of a pipeline shares one ${key} (they become one Temporal Schedule); the first says ${String(first)}`;
        ctx.report(entry?.value ?? keyNode, msg, 'schedule');
      }
    }
  }
};

/** `data:` is a polled source (`source`, and `every`) or a webhook, never both; a URL source is http(s). */
function checkData(ctx: Parameters<Rule>[0], data: Entry | undefined): void {
  const map = asMap(data?.value, ctx.ast.doc);
  if (!data || !map) return;
  const entries = entriesOf(map, ctx.ast.doc);
  const source = findEntry(entries, 'source');
  const webhook = findEntry(entries, 'webhook');
  const every = findEntry(entries, 'every');
  if (source && webhook) {
    ctx.report(webhook.keyNode, 'data trigger: give either source (a polled file, glob or URL) or webhook (POST /v1/triggers/NAME), not both', 'trigger');
  } else if (!source && !webhook) {
    ctx.report(data.keyNode, 'data trigger: give source (a file, glob or URL polled for changes) or webhook (a name for POST /v1/triggers/NAME)', 'trigger');
  } else if (webhook && every) {
    ctx.report(every.keyNode, 'data trigger: every applies to a polled source, not to a webhook', 'trigger');
  }
  const text = scalarValue(source?.value);
  if (typeof text === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !/^https?:\/\//i.test(text)) {
    ctx.report(source?.value, `data trigger: source '${text}' is a URL of a scheme that cannot be polled; use http(s), a file or a glob`, 'trigger');
  }
}

/** `performance:` has one bound: `below` (accuracy, F1) or `above` (log loss, RMSE, MAE). */
function checkPerformance(ctx: Parameters<Rule>[0], perf: Entry | undefined): void {
  const map = asMap(perf?.value, ctx.ast.doc);
  if (!perf || !map) return;
  const entries = entriesOf(map, ctx.ast.doc);
  const below = findEntry(entries, 'below');
  const above = findEntry(entries, 'above');
  if (below && above) {
    ctx.report(above.keyNode, 'performance trigger: give one bound, below or above, not both', 'trigger');
  } else if (!below && !above) {
    const metric = scalarValue(findEntry(entries, 'metric')?.value);
    const hint = metric === 'logLoss' || metric === 'rmse' || metric === 'mae' ? 'above' : 'below';
    ctx.report(perf.keyNode, `performance trigger: give the threshold, e.g. ${hint}: ${hint === 'below' ? '0.8' : '0.5'} (fire when the metric falls below or rises above it)`, 'trigger');
  }
}

function valueOf(entries: Entry[], key: string): unknown {
  return scalarValue(findEntry(entries, key)?.value) ?? undefined;
}
