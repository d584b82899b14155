'use client';
// Quality over time (from late labels) with the retrain runs and the deployments marked, and serving traffic
// with its latency percentiles: one point per window, at the window's end.
import { useMemo } from 'react';
import { Chart, type ChartOption } from './chart';
import { escapeHtml, shortTime, span, stat } from './format';
import type { Palette } from './palette';
import type { StoredWindow, TimeMark } from './types';

const QUALITY = [
  { key: 'accuracy', label: 'accuracy' },
  { key: 'f1Macro', label: 'F1 (macro)' },
  { key: 'logLoss', label: 'log loss' },
  { key: 'rmse', label: 'RMSE' },
  { key: 'mae', label: 'MAE' },
] as const;

type QualityKey = (typeof QUALITY)[number]['key'];

/** The quality figures some window has. */
export function qualityKeys(windows: StoredWindow[]): QualityKey[] {
  return QUALITY.map((q) => q.key).filter((k) => windows.some((w) => typeof w.quality[k] === 'number' && Number.isFinite(w.quality[k])));
}

/** An axis maximum that puts `max` at half the height, rounded up to a readable number. */
function halfHeight(max: number): number {
  if (!(max > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(max * 2));
  return Math.ceil((max * 2) / step) * step;
}

const at = (w: StoredWindow) => new Date(w.end).getTime();
const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function timeAxis(p: Palette, windows: StoredWindow[], marks: TimeMark[]) {
  // The axis spans the windows, and the marks that fall near them (a deployment long before stays off the chart).
  const first = windows.length ? new Date(windows[0].start).getTime() : Date.now();
  const last = windows.length ? at(windows[windows.length - 1]) : Date.now();
  const pad = Math.max(60_000, (last - first) * 0.02);
  return {
    type: 'time', min: first - pad, max: Math.max(last, ...marks.map((m) => m.at.getTime()).filter((t) => t <= last + 3 * pad)) + pad,
    axisLabel: {
      color: p.muted, fontSize: 11, hideOverlap: true,
      formatter: { year: '{yyyy}', month: '{MMM}', day: '{MM}-{dd}', hour: '{HH}:{mm}', minute: '{HH}:{mm}', second: '{HH}:{mm}:{ss}' },
    },
    axisLine: { lineStyle: { color: p.border } },
    splitLine: { show: false },
  };
}

function markLines(p: Palette, marks: TimeMark[]) {
  return {
    silent: false, symbol: ['none', 'none'], animation: false,
    label: { show: true, position: 'end', fontSize: 10, color: p.fg, formatter: (m: { name: string }) => m.name },
    data: marks.map((m) => ({
      name: m.short, xAxis: m.at.getTime(),
      lineStyle: { color: m.kind === 'retrain' ? p.cached : p.good, type: m.kind === 'retrain' ? 'dashed' : 'solid', width: 1.5 },
    })),
  };
}

function tooltip(p: Palette, windows: StoredWindow[], lines: (w: StoredWindow) => string[]) {
  const byTime = new Map(windows.map((w) => [at(w), w]));
  return {
    trigger: 'axis', confine: true, backgroundColor: p.bg, borderColor: p.border, textStyle: { color: p.fg, fontSize: 12 },
    formatter: (items: Array<{ value: [number, unknown] }>) => {
      const w = byTime.get(items[0]?.value[0]);
      return w ? [`<strong>${escapeHtml(span(w.start, w.end))}</strong>`, ...lines(w)].join('<br/>') : '';
    },
  };
}

export function qualityOption(windows: StoredWindow[], marks: TimeMark[], p: Palette): ChartOption {
  const keys = qualityKeys(windows);
  const colours: Record<QualityKey, string> = { accuracy: p.accent, f1Macro: p.good, logLoss: p.stop, rmse: p.stop, mae: p.wait };
  const isShare = (k: QualityKey) => k === 'accuracy' || k === 'f1Macro';
  const axisText = { color: p.muted, fontSize: 11 };
  return {
    animation: false,
    textStyle: { fontFamily: p.font },
    legend: { bottom: 0, left: 0, textStyle: { color: p.fg, fontSize: 12 }, itemWidth: 14, itemHeight: 8 },
    grid: { left: 44, right: 52, top: 30, bottom: 52 },
    tooltip: tooltip(p, windows, (w) => [
      ...keys.map((k) => `${QUALITY.find((q) => q.key === k)!.label}: ${stat(w.quality[k])}`),
      `labelled rows: ${w.quality.labelled}`,
    ]),
    xAxis: timeAxis(p, windows, marks),
    yAxis: [
      {
        // Accuracy and F1 on 0–1, with the log loss beside them (the axis grows past 1 for a larger loss).
        type: 'value', min: 0, max: keys.some(isShare) ? (v: { max: number }) => Math.max(1, Math.ceil(v.max * 10) / 10) : undefined,
        axisLabel: axisText, splitLine: { lineStyle: { color: p.borderSoft } },
      },
      // Bars up to half the height at most, so the lines over them stay readable.
      { type: 'value', name: 'labelled', max: (v: { max: number }) => halfHeight(v.max), nameTextStyle: axisText, axisLabel: axisText, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'labelled rows', type: 'bar', yAxisIndex: 1, barMaxWidth: 14,
        data: windows.map((w) => [at(w), w.quality.labelled]), itemStyle: { color: p.muted, opacity: 0.3 },
        markLine: markLines(p, marks),
      },
      ...keys.map((k) => ({
        name: QUALITY.find((q) => q.key === k)!.label, type: 'line', yAxisIndex: 0,
        connectNulls: false, showSymbol: windows.length <= 60, symbolSize: 5,
        data: windows.map((w) => [at(w), num(w.quality[k])]), lineStyle: { color: colours[k], width: 2 }, itemStyle: { color: colours[k] },
      })),
    ],
  };
}

export function trafficOption(windows: StoredWindow[], marks: TimeMark[], p: Palette): ChartOption {
  const axisText = { color: p.muted, fontSize: 11 };
  const pct = [
    { key: 'p50Ms', label: 'p50', colour: p.good },
    { key: 'p95Ms', label: 'p95', colour: p.wait },
    { key: 'p99Ms', label: 'p99', colour: p.bad },
  ] as const;
  return {
    animation: false,
    textStyle: { fontFamily: p.font },
    legend: { bottom: 0, left: 0, textStyle: { color: p.fg, fontSize: 12 }, itemWidth: 14, itemHeight: 8 },
    grid: { left: 52, right: 52, top: 30, bottom: 52 },
    tooltip: tooltip(p, windows, (w) => [
      `requests: ${w.health.requests} · errors: ${w.health.errors} (${stat(w.health.errorRate * 100, 2)} %)`,
      `p50 ${w.health.p50Ms ?? '–'} ms · p95 ${w.health.p95Ms ?? '–'} ms · p99 ${w.health.p99Ms ?? '–'} ms`,
      `predictions logged: ${w.rows}`,
    ]),
    xAxis: timeAxis(p, windows, marks),
    yAxis: [
      { type: 'value', name: 'ms', nameTextStyle: axisText, axisLabel: axisText, splitLine: { lineStyle: { color: p.borderSoft } } },
      { type: 'value', name: 'requests', max: (v: { max: number }) => halfHeight(v.max), nameTextStyle: axisText, axisLabel: axisText, splitLine: { show: false } },
    ],
    series: [
      {
        name: 'requests', type: 'bar', yAxisIndex: 1, barMaxWidth: 14, data: windows.map((w) => [at(w), w.health.requests]),
        itemStyle: { color: p.accent, opacity: 0.35 }, markLine: markLines(p, marks),
      },
      {
        name: 'errors', type: 'bar', yAxisIndex: 1, barMaxWidth: 14, barGap: '-100%', data: windows.map((w) => [at(w), w.health.errors]),
        itemStyle: { color: p.bad, opacity: 0.8 },
      },
      ...pct.map((q) => ({
        name: q.label, type: 'line', yAxisIndex: 0, showSymbol: windows.length <= 60, symbolSize: 4, connectNulls: false,
        data: windows.map((w) => [at(w), w.health[q.key]]), lineStyle: { color: q.colour, width: 1.5 }, itemStyle: { color: q.colour },
      })),
    ],
  };
}

export function QualityPanel({ windows, marks, palette }: { windows: StoredWindow[]; marks: TimeMark[]; palette: Palette | null }) {
  const option = useMemo(() => (palette ? qualityOption(windows, marks, palette) : null), [windows, marks, palette]);
  const keys = qualityKeys(windows);
  const labelled = windows.reduce((n, w) => n + w.quality.labelled, 0);
  return (
    <section aria-labelledby="quality-heading" className="monitor-panel">
      <div className="panel-head">
        <h2 id="quality-heading">Quality</h2>
        <span className="small muted">
          from late labels · {labelled} labelled rows · <span className="mark-key retrain">retrain runs</span> <span className="mark-key deployment">deployments</span>
        </span>
      </div>
      {keys.length === 0 && <p className="small muted" data-testid="quality-empty">No window has labelled rows yet: attach labels to logged predictions (POST /v1/labels or headrace label) and quality shows here.</p>}
      <Chart option={option} height={240} label={`Quality per window: ${keys.join(', ') || 'none yet'}`} testId="quality-chart" />
      <MarkList marks={marks} />
    </section>
  );
}

export function TrafficPanel({ windows, marks, palette }: { windows: StoredWindow[]; marks: TimeMark[]; palette: Palette | null }) {
  const option = useMemo(() => (palette ? trafficOption(windows, marks, palette) : null), [windows, marks, palette]);
  const requests = windows.reduce((n, w) => n + w.health.requests, 0);
  return (
    <section aria-labelledby="traffic-heading" className="monitor-panel">
      <div className="panel-head">
        <h2 id="traffic-heading">Traffic and latency</h2>
        <span className="small muted">{requests} requests in these windows · latency percentiles per window</span>
      </div>
      <Chart option={option} height={240} label="Requests, errors and latency percentiles per window" testId="traffic-chart" />
    </section>
  );
}

function MarkList({ marks }: { marks: TimeMark[] }) {
  if (marks.length === 0) return null;
  return (
    <ul className="mark-list small" data-testid="time-marks">
      {marks.map((m) => (
        <li key={`${m.kind}-${m.href}`} className={`mark-key ${m.kind}`}>
          <a href={m.href}>{m.label}</a> <span className="muted">{shortTime(m.at)}</span>
        </li>
      ))}
    </ul>
  );
}
