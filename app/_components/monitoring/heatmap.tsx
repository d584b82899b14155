'use client';
// Drift per feature over time: a heat map of features × windows coloured by PSI (or by the drifted flag), each
// drifted cell outlined; hovering a cell shows its statistics, clicking it picks the feature and window whose
// distributions are drawn below. The same numbers as a table for screen readers and for copying.
import { useMemo, useState } from 'react';
import { Chart, type ChartOption } from './chart';
import { escapeHtml, shortTime, span, stat } from './format';
import type { Palette } from './palette';
import type { FeatureDrift, StoredWindow } from './types';

export type HeatColour = 'psi' | 'drifted';

/** Every feature the windows have, in the order the newest window lists them, then any older ones. */
export function featuresOf(windows: StoredWindow[]): string[] {
  const seen = new Set<string>();
  for (let i = windows.length - 1; i >= 0; i--) for (const f of Object.keys(windows[i].features)) seen.add(f);
  return [...seen];
}

const ROW_PX = 22;

export function heatmapHeight(features: number): number {
  return Math.max(140, features * ROW_PX + 70);
}

export function tooltipHtml(feature: string, w: StoredWindow, f: FeatureDrift | undefined): string {
  const head = `<strong>${escapeHtml(feature)}</strong><br/><span style="opacity:.75">${escapeHtml(span(w.start, w.end))}</span>`;
  if (!f) return `${head}<br/>not in this window`;
  const test = f.ks
    ? `KS ${stat(f.ks.statistic)} · p ${stat(f.ks.pvalue)}`
    : f.chi2 ? `χ² ${stat(f.chi2.statistic)} · p ${stat(f.chi2.pvalue)}` : '';
  const verdict = f.drifted ? `<strong>drifted</strong> (${escapeHtml(f.reasons.join(', '))})` : 'not drifted';
  return [head, `PSI ${stat(f.psi)} · JS ${stat(f.js)}`, test, `${f.rows} rows · ${f.nulls} nulls · ${f.kind}`, verdict].filter(Boolean).join('<br/>');
}

export function heatmapOption(windows: StoredWindow[], features: string[], colour: HeatColour, p: Palette): ChartOption {
  let maxPsi = 0;
  for (const w of windows) for (const f of Object.values(w.features)) if (Number.isFinite(f.psi)) maxPsi = Math.max(maxPsi, f.psi);
  // Beyond 1 a PSI is drift all the same: capping the scale keeps moderate drift visible next to a huge one.
  const top = Math.min(1, Math.max(0.4, Math.ceil(maxPsi * 10) / 10));
  const data: unknown[] = [];
  const drifted: unknown[] = [];
  windows.forEach((w, x) => {
    features.forEach((name, y) => {
      const f = w.features[name];
      if (!f) return;
      data.push([x, y, colour === 'drifted' ? (f.drifted ? 1 : 0) : Number.isFinite(f.psi) ? Math.min(f.psi, top) : '-']);
      if (f.drifted) drifted.push([x, y, 1]);
    });
  });
  const longest = features.reduce((m, f) => Math.max(m, f.length), 0);
  const axisText = { color: p.muted, fontFamily: p.font, fontSize: 11 };
  return {
    animation: false,
    textStyle: { fontFamily: p.font },
    grid: { left: Math.min(190, longest * 6.5 + 20), right: 96, top: 8, bottom: 44 },
    tooltip: {
      trigger: 'item', confine: true, backgroundColor: p.bg, borderColor: p.border, textStyle: { color: p.fg, fontSize: 12 },
      formatter: (item: { value: [number, number, unknown] }) => {
        const [x, y] = item.value;
        return tooltipHtml(features[y], windows[x], windows[x].features[features[y]]);
      },
    },
    xAxis: {
      type: 'category', data: windows.map((w) => shortTime(w.start)), name: '', splitArea: { show: false },
      axisLabel: { ...axisText, hideOverlap: true }, axisLine: { lineStyle: { color: p.border } }, axisTick: { lineStyle: { color: p.border } },
    },
    yAxis: {
      type: 'category', data: features, inverse: true,
      axisLabel: { ...axisText, color: p.fg, width: 180, overflow: 'truncate' }, axisLine: { lineStyle: { color: p.border } }, axisTick: { show: false },
    },
    visualMap: colour === 'drifted'
      ? {
          type: 'piecewise', dimension: 2, seriesIndex: 0, right: 0, top: 'middle', orient: 'vertical', itemGap: 6,
          pieces: [{ value: 1, label: 'drifted', color: p.bad }, { value: 0, label: 'not drifted', color: p.bgHover }],
          textStyle: { color: p.fg, fontSize: 11 },
        }
      : {
          type: 'continuous', dimension: 2, seriesIndex: 0, min: 0, max: top, calculable: false, right: 4, top: 'middle',
          itemHeight: Math.max(60, Math.min(160, features.length * ROW_PX - 30)), itemWidth: 12, precision: 2,
          text: [top >= 1 ? 'PSI ≥ 1' : `PSI ${top}`, '0'], textGap: 6, textStyle: { color: p.muted, fontSize: 11 },
          inRange: { color: [p.bgHover, p.wait, p.bad] },
        },
    series: [
      {
        type: 'heatmap', data, progressive: 0,
        itemStyle: { borderColor: p.bg, borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: p.accent, borderWidth: 1.5 } },
      },
      // The drifted cells' outlines, drawn over every cell so no neighbour covers a side of them.
      {
        type: 'heatmap', data: drifted, progressive: 0,
        itemStyle: { color: 'rgba(0,0,0,0)', borderColor: p.fg, borderWidth: 2 },
        emphasis: { itemStyle: { color: 'rgba(0,0,0,0)', borderColor: p.accent, borderWidth: 2 } },
      },
    ],
  };
}

export function DriftHeatmap({ windows, palette, onPick }: {
  windows: StoredWindow[];
  palette: Palette | null;
  onPick: (feature: string, windowIndex: number) => void;
}) {
  const [colour, setColour] = useState<HeatColour>('psi');
  const features = useMemo(() => featuresOf(windows), [windows]);
  const option = useMemo(() => (palette ? heatmapOption(windows, features, colour, palette) : null), [windows, features, colour, palette]);
  const drifted = windows.reduce((n, w) => n + Object.values(w.features).filter((f) => f.drifted).length, 0);
  return (
    <section aria-labelledby="heatmap-heading" className="monitor-panel">
      <div className="panel-head">
        <h2 id="heatmap-heading">Drift per feature</h2>
        <span className="small muted" data-testid="heatmap-summary">
          {features.length} features × {windows.length} windows · {drifted} drifted {drifted === 1 ? 'cell' : 'cells'} (outlined)
        </span>
        <label className="small">
          Colour by{' '}
          <select value={colour} onChange={(e) => setColour(e.target.value as HeatColour)} aria-label="Colour the heat map by">
            <option value="psi">PSI</option>
            <option value="drifted">drifted</option>
          </select>
        </label>
      </div>
      <Chart
        option={option}
        height={heatmapHeight(features.length)}
        label={`Heat map of drift: ${features.length} features by ${windows.length} windows, ${drifted} drifted`}
        testId="drift-heatmap"
        onItemClick={({ value }) => {
          const [x, y] = value as [number, number];
          onPick(features[y], x);
        }}
      />
      <details className="small">
        <summary>As a table</summary>
        <div className="table-scroll">
          <table className="grid heat-table" data-testid="heatmap-table">
            <thead>
              <tr>
                <th scope="col">Feature</th>
                {windows.map((w) => (
                  <th scope="col" key={w.id}>{shortTime(w.start)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {features.map((name) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  {windows.map((w) => {
                    const f = w.features[name];
                    return (
                      <td key={w.id} className={f?.drifted ? 'num heat-drifted' : 'num'} data-testid={`heat-${name}-${w.id}`} data-drifted={f ? String(f.drifted) : undefined}>
                        {f ? `${stat(f.psi, 2)}${f.drifted ? ' ●' : ''}` : ''}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
