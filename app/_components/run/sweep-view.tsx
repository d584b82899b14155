'use client';
// A sweep step's trials (its row's summary.sweep): a table sortable by any column — the swept settings, the
// figures `select` compares, the epochs run, the state (best, stopped by the median rule, failed) — and a
// parallel-coordinates plot with one line per trial across the settings to the selected metric.
import { useMemo, useState } from 'react';
import { settingText } from '../../../dsl/setting-text';
import { formatNumber } from '../../_lib/format';
import { Chart } from '../monitoring/chart';
import { usePalette, type Palette } from '../monitoring/palette';

export interface SweepTrial {
  index: number;
  stepId: string;
  values: Record<string, unknown>;
  status: 'pending' | 'succeeded' | 'stopped' | 'failed';
  figures?: Record<string, number>;
  epochs?: number;
  error?: string;
}

export interface SweepSummary {
  metric: string;
  mode: 'min' | 'max';
  parallelism: number;
  trials: SweepTrial[];
  /** The chosen trial, once the sweep has finished. */
  best?: number;
}

/** The sweep of a step's summary, when it has one. */
export function sweepOf(summary: unknown): SweepSummary | undefined {
  const s = summary as { sweep?: SweepSummary } | null | undefined;
  return s?.sweep && Array.isArray(s.sweep.trials) ? s.sweep : undefined;
}

type Column = { key: string; label: string; get: (t: SweepTrial) => number | string | undefined };

const FIGURES = ['val_loss', 'val_accuracy', 'val_rmse', 'loss'];

function columnsOf(sweep: SweepSummary, best?: number): Column[] {
  const settings = [...new Set(sweep.trials.flatMap((t) => Object.keys(t.values)))];
  const figures = FIGURES.filter((f) => sweep.trials.some((t) => t.figures?.[f] !== undefined));
  const value = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : v === undefined ? undefined : settingText(v));
  return [
    { key: '#', label: 'Trial', get: (t) => t.index },
    ...settings.map((k) => ({ key: `set:${k}`, label: k, get: (t: SweepTrial) => value(t.values[k]) })),
    ...figures.map((f) => ({ key: `fig:${f}`, label: f === sweep.metric ? `${f} (${sweep.mode})` : f, get: (t: SweepTrial) => t.figures?.[f] })),
    { key: 'epochs', label: 'Epochs', get: (t) => t.epochs },
    { key: 'state', label: 'State', get: (t) => (t.index === best ? 'best' : t.status) },
  ];
}

function parallelOption(sweep: SweepSummary, best: number | undefined, p: Palette) {
  const settings = [...new Set(sweep.trials.flatMap((t) => Object.keys(t.values)))];
  const axis = (name: string, values: unknown[]) => {
    const numeric = values.every((v) => typeof v === 'number');
    if (numeric) {
      const nums = values as number[];
      const log = nums.every((v) => v > 0) && Math.max(...nums) / Math.min(...nums) >= 100;
      return { name, type: log ? 'log' : 'value', scale: true };
    }
    return { name, type: 'category', data: [...new Set(values.map((v) => settingText(v)))] };
  };
  const dims = settings.map((k) => axis(k, sweep.trials.map((t) => t.values[k])));
  const shown = sweep.trials.filter((t) => t.figures?.[sweep.metric] !== undefined);
  const parallelAxis = [...dims, { name: sweep.metric, type: 'value', scale: true, inverse: sweep.mode === 'min' }].map((a, dim) => ({
    ...a, dim, nameTextStyle: { color: p.fg }, axisLabel: { color: p.muted }, axisLine: { lineStyle: { color: p.border } },
  }));
  const row = (t: SweepTrial) => [
    ...settings.map((k, i) => (dims[i].type === 'category' ? settingText(t.values[k]) : t.values[k])),
    t.figures![sweep.metric],
  ];
  const series = (name: string, color: string, trials: SweepTrial[], width: number) => ({
    type: 'parallel', name, data: trials.map(row), lineStyle: { color, width, opacity: 0.9 }, emphasis: { lineStyle: { width: width + 1 } },
  });
  return {
    // Drawn at once: the lines' drawing animation left them half-drawn for a while.
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: p.font },
    parallel: { left: 60, right: 90, top: 30, bottom: 40 },
    parallelAxis,
    legend: { bottom: 0, textStyle: { color: p.muted } },
    series: [
      series('finished', p.accent, shown.filter((t) => t.status === 'succeeded' && t.index !== best), 1.5),
      series('stopped', p.stop, shown.filter((t) => t.status === 'stopped' && t.index !== best), 1.5),
      series('best', p.good, shown.filter((t) => t.index === best), 3),
    ],
  };
}

export function SweepView({ sweep }: { sweep: SweepSummary }) {
  const best = sweep.best;
  const palette = usePalette();
  const columns = useMemo(() => columnsOf(sweep, best), [sweep, best]);
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: `fig:${sweep.metric}`, desc: sweep.mode === 'max' });
  const col = columns.find((c) => c.key === sort.key) ?? columns[0];
  const rows = useMemo(() => {
    const out = [...sweep.trials];
    out.sort((a, b) => {
      const [x, y] = [col.get(a), col.get(b)];
      if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? a.index - b.index : 1) : -1; // blanks last
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (sort.desc ? -c : c) || a.index - b.index;
    });
    return out;
  }, [sweep, col, sort.desc]);
  const option = useMemo(() => (palette ? parallelOption(sweep, best, palette) : null), [sweep, best, palette]);
  const finished = sweep.trials.filter((t) => t.status !== 'pending').length;
  const stopped = sweep.trials.filter((t) => t.status === 'stopped').length;
  const show = (v: number | string | undefined) => (v === undefined ? '—' : typeof v === 'number' ? formatNumber(v) : v);
  return (
    <section className="sweep" aria-label="sweep trials" data-testid="sweep-view">
      <p className="small">
        <strong>Sweep</strong> of {sweep.trials.length} trials, {sweep.parallelism} at a time, best by {sweep.metric} ({sweep.mode})
        <span className="muted"> · {finished} ran{stopped ? `, ${stopped} stopped early by the median rule` : ''}</span>
      </p>
      <Chart option={option} height={220} label={`parallel coordinates of ${sweep.trials.length} trials: settings against ${sweep.metric}`} testId="sweep-parallel" />
      <table className="mini sweep-trials" aria-label="trials">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" aria-sort={c.key === col.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => setSort({ key: c.key, desc: c.key === col.key ? !sort.desc : false })}>
                  {c.label}
                  {c.key === col.key ? (sort.desc ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.index} className={t.index === best ? 'best' : undefined} title={t.error}>
              {columns.map((c) => (
                <td key={c.key} className={c.key === 'state' ? `state-${t.index === best ? 'best' : t.status}` : undefined}>{show(c.get(t))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
