// Monitoring through the API: `monitor ENDPOINT [--since DURATION] [--limit N]` prints the stored windows (drift per
// feature, prediction drift, quality, health) and the alerts, and with --since one window computed now over that
// period of the prediction log; `monitors` lists the applied monitors; `monitor silence`, `silences` and
// `unsilence` manage the silences of an endpoint's alerts.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, red, table, yellow } from '../output';
import type { Remote } from '../remote';
import { windowText } from './validate';
import type { AlertKind } from '../../dsl/monitor';

/** Stored windows shown without --since. */
export const DEFAULT_WINDOWS = 20;
/** Alerts shown at most. */
const ALERTS = 100;

interface TestLike { statistic: number; pvalue: number }
interface DriftLike {
  kind: string; rows: number; nulls: number; psi: number; js: number; ks?: TestLike; chi2?: TestLike; drifted: boolean; reasons: string[];
}
interface WindowLike {
  start: string; end: string; rows: number; modelVersionId: string | null;
  features: Record<string, DriftLike>;
  dataset: { drifted: boolean; share: number; threshold: number; driftedFeatures: string[] };
  prediction: DriftLike | null;
  quality: { labelled: number; accuracy?: number; f1Macro?: number; logLoss?: number; rmse?: number; mae?: number };
  health: { requests: number; errors: number; errorRate: number; p50Ms: number | null; p95Ms: number | null; p99Ms: number | null };
}

const when = (iso: string | Date) => new Date(iso).toISOString().replace('T', ' ').slice(0, 19);
const num = (x: number | undefined | null, digits = 3) => (x === undefined || x === null || Number.isNaN(x) ? '—' : x.toFixed(digits));
const pvalue = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x < 1e-4 ? x.toExponential(1) : x.toFixed(4));

export interface MonitorOptions extends Remote {
  since?: string;
  limit?: number;
}

export async function monitorCommand(endpoint: string, opts: MonitorOptions): Promise<number> {
  const client = connect(opts);
  const [stored, alerts, computed] = await Promise.all([
    client.monitor.windows.query({ endpoint, since: opts.since, limit: opts.limit ?? (opts.since ? undefined : DEFAULT_WINDOWS) }),
    client.monitor.alerts.query({ endpoint, since: opts.since, limit: ALERTS }),
    opts.since ? client.monitor.compute.query({ endpoint, since: opts.since }) : Promise.resolve(undefined),
  ]);
  const models = { ...stored.models, ...computed?.models };
  const modelOf = (w: WindowLike) => (w.modelVersionId ? (models[w.modelVersionId] ?? w.modelVersionId) : null);
  if (opts.json) {
    // The documented shape (docs/monitoring.md, "Monitors"): newest window last; the on-demand one, when asked, is last.
    const windows = [
      ...stored.windows.map((w) => ({ ...w, model: modelOf(w) })),
      ...(computed ? [{ ...computed.window, model: modelOf(computed.window), onDemand: true }] : []),
    ];
    console.log(JSON.stringify({ endpoint, windows, alerts }, null, 2));
    return EXIT.ok;
  }
  if (stored.windows.length === 0 && !computed) {
    console.log(`${bold(endpoint)}: no stored windows${opts.since ? ` in the last ${opts.since}` : ''} (headrace monitor ${endpoint} --since 1h computes one now)`);
  } else {
    console.log(`${bold(endpoint)}: ${stored.windows.length} stored window(s), newest last${opts.since ? `, over the last ${opts.since}` : ''}`);
  }
  for (const w of stored.windows) printWindow(`window ${when(w.start)} → ${when(w.end)}`, w, modelOf(w));
  if (computed) {
    printWindow(`computed now over the last ${opts.since} (${when(computed.window.start)} → ${when(computed.window.end)}${computed.applied ? '' : ', default thresholds: no monitor applied'})`, computed.window, modelOf(computed.window));
  }
  console.log('');
  if (alerts.length === 0) console.log(dim('no alerts'));
  else {
    console.log(bold(`alerts (${alerts.length})`));
    console.log(table(alerts.map((a) => [
      when(a.createdAt), a.severity, a.kind,
      a.silenced ? dim(`${a.message} (silenced)`) : a.severity === 'critical' ? red(a.message) : yellow(a.message),
      deliveryText(a), retrainingText(a.retraining),
    ])));
  }
  return EXIT.ok;
}

/** An alert's delivery state in a word or three: silenced, sent to a webhook, or failing after N attempts. */
function deliveryText(a: { silenced: boolean; delivery: { state: string; webhook: string; attempts: number; httpStatus: number | null } | null }): string {
  if (a.silenced) return dim('silenced: not sent');
  const d = a.delivery;
  if (!d) return '';
  if (d.state === 'delivered') return `sent to ${d.webhook}`;
  return red(`${d.webhook} failing (${d.attempts} attempt(s)${d.httpStatus !== null ? `, HTTP ${d.httpStatus}` : ''})`);
}

/** What the alert caused: "→ run 1a2b3c4d of pumps (succeeded) → pumps v2 production", one per run it started. */
function retrainingText(runs: Array<{ runId: string; pipeline: string; status: string; versions: Array<{ model: string; version: number; stage: string }> }>): string {
  return runs.map((r) => [`→ run ${r.runId.slice(0, 8)} of ${r.pipeline} (${r.status})`, ...r.versions.map((v) => `→ ${v.model} v${v.version} ${v.stage}`)].join(' ')).join('; ');
}

function printWindow(title: string, w: WindowLike, model: string | null): void {
  console.log('');
  const drift = w.dataset.drifted
    ? red(`dataset drift: ${w.dataset.driftedFeatures.length} of ${Object.keys(w.features).length} features drifted (share ${num(w.dataset.share, 2)} ≥ ${num(w.dataset.threshold, 2)})`)
    : `no dataset drift (${w.dataset.driftedFeatures.length} of ${Object.keys(w.features).length} features drifted)`;
  console.log(`${bold(title)}  ${w.rows} rows${model ? `  model ${model}` : ''}  ${drift}`);
  const rows = [['FEATURE', 'KIND', 'ROWS', 'PSI', 'JS', 'TEST', 'P-VALUE', 'DRIFTED']];
  const line = (name: string, f: DriftLike) => {
    const test = f.ks ? ['ks', f.ks] as const : f.chi2 ? ['chi2', f.chi2] as const : undefined;
    rows.push([
      name, f.kind, String(f.rows), num(f.psi), num(f.js), test ? `${test[0]} ${num(test[1].statistic, 4)}` : '—', pvalue(test?.[1].pvalue),
      f.drifted ? red(`yes (${f.reasons.join(', ')})`) : 'no',
    ]);
  };
  for (const [name, f] of Object.entries(w.features).sort(([a], [b]) => a.localeCompare(b))) line(name, f);
  if (w.prediction) line('(prediction)', w.prediction);
  if (rows.length > 1) console.log(table(rows).replace(/^/gm, '  '));
  const q = w.quality;
  const figures = [
    q.accuracy !== undefined && `accuracy ${num(q.accuracy)}`, q.f1Macro !== undefined && `F1 macro ${num(q.f1Macro)}`,
    q.logLoss !== undefined && `log loss ${num(q.logLoss)}`, q.rmse !== undefined && `RMSE ${num(q.rmse)}`, q.mae !== undefined && `MAE ${num(q.mae)}`,
  ].filter(Boolean);
  console.log(`  quality: ${q.labelled} labelled row(s)${figures.length ? `, ${figures.join(', ')}` : ''}`);
  const h = w.health;
  const ms = (x: number | null) => (x === null ? '—' : `≤${x} ms`);
  console.log(`  health: ${h.requests} request(s), ${h.errors} error(s) (${num(h.errorRate * 100, 1)}%), p50 ${ms(h.p50Ms)}, p95 ${ms(h.p95Ms)}, p99 ${ms(h.p99Ms)}`);
}

export async function monitorsCommand(opts: Remote): Promise<number> {
  const list = await connect(opts).monitor.list.query();
  if (opts.json) {
    console.log(JSON.stringify(list, null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log('no monitors yet (write a *.monitor.yaml file and headrace apply it)');
    return EXIT.ok;
  }
  const rows = [['ENDPOINT', 'VERSION', 'WINDOW', 'LAST WINDOW', 'ROWS', 'DRIFT', 'LAST ALERT']];
  for (const m of list) {
    const last = m.lastWindow;
    rows.push([
      m.endpoint, `v${m.version}${m.enabled ? '' : ' (disabled)'}`, windowText(m.window).replace(/^window /, ''),
      last ? when(last.end) : '—', last ? String(last.rows) : '—',
      last ? (last.datasetDrifted ? `yes: ${last.driftedFeatures.join(', ')}` : last.driftedFeatures.length ? `${last.driftedFeatures.length} feature(s)` : 'no') : '—',
      m.lastAlert ? `${when(m.lastAlert.createdAt)} ${m.lastAlert.severity}: ${m.lastAlert.message}${m.lastAlert.silenced ? ' (silenced)' : ''}` : '—',
    ]);
  }
  console.log(table(rows));
  return EXIT.ok;
}

export interface SilenceOptions extends Remote {
  for: string;
  reason: string;
  kind?: AlertKind;
  subject?: string;
}

interface SilenceLike {
  id: number; endpoint: string; kind: string | null; subject: string | null; until: Date | string; reason: string; createdBy: string; active: boolean;
}

const scope = (s: SilenceLike) => `${s.kind ?? 'every kind'}${s.subject ? ` about ${s.subject}` : ''}`;

/** `monitor silence ENDPOINT --for 2h --reason TEXT [--kind K] [--subject S]`. */
export async function silenceCommand(endpoint: string, opts: SilenceOptions): Promise<number> {
  const s = await connect(opts).monitor.silence.mutate({ endpoint, duration: opts.for, reason: opts.reason, kind: opts.kind, subject: opts.subject });
  if (opts.json) console.log(JSON.stringify(s, null, 2));
  else console.log(`silence ${s.id}: alerts of ${endpoint} (${scope(s)}) are not sent until ${when(s.until)} UTC (headrace monitor unsilence ${s.id} ends it)`);
  return EXIT.ok;
}

/** `monitor silences ENDPOINT [--all]`. */
export async function silencesCommand(endpoint: string, opts: Remote & { all?: boolean }): Promise<number> {
  const list = await connect(opts).monitor.silences.query({ endpoint, all: opts.all });
  if (opts.json) {
    console.log(JSON.stringify(list, null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log(`no silences${opts.all ? '' : ' in force'} for ${endpoint}`);
    return EXIT.ok;
  }
  const rows = [['ID', 'SCOPE', 'UNTIL', 'BY', 'REASON']];
  for (const s of list) rows.push([String(s.id), scope(s), `${when(s.until)}${s.active ? '' : ' (ended)'}`, s.createdBy, s.reason]);
  console.log(table(rows));
  return EXIT.ok;
}

/** `monitor unsilence ID`. */
export async function unsilenceCommand(id: number, opts: Remote): Promise<number> {
  const s = await connect(opts).monitor.unsilence.mutate({ id });
  if (opts.json) console.log(JSON.stringify(s, null, 2));
  else console.log(`silence ${s.id} of ${s.endpoint} (${scope(s)}) ended: its alerts are sent again`);
  return EXIT.ok;
}
