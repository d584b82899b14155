'use client';
// Reference (the training data's profile) against the current window for one feature: the shares per bin or
// category that the window stored (`bins`), with the feature's statistics beside.
import { useMemo } from 'react';
import { Chart, type ChartOption } from './chart';
import { escapeHtml, percent, shortTime, span, stat } from './format';
import type { Palette } from './palette';
import type { FeatureDrift, StoredWindow } from './types';

export function distributionOption(feature: string, f: FeatureDrift, p: Palette): ChartOption {
  const share = (v: number) => (Number.isFinite(v) ? Math.round(v * 10_000) / 100 : 0);
  const axisText = { color: p.muted, fontFamily: p.font, fontSize: 11 };
  const many = f.bins.labels.length > 8;
  return {
    animation: false,
    textStyle: { fontFamily: p.font },
    legend: { top: 0, right: 0, textStyle: { color: p.fg, fontSize: 12 }, itemWidth: 14, itemHeight: 10 },
    grid: { left: 48, right: 12, top: 30, bottom: many ? 64 : 36 },
    tooltip: {
      trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, backgroundColor: p.bg, borderColor: p.border, textStyle: { color: p.fg, fontSize: 12 },
      formatter: (items: Array<{ axisValue: string; seriesName: string; value: number }>) =>
        [`<strong>${escapeHtml(feature)}</strong> · ${escapeHtml(items[0]?.axisValue ?? '')}`, ...items.map((i) => `${escapeHtml(i.seriesName)}: ${i.value} %`)].join('<br/>'),
    },
    xAxis: {
      type: 'category', data: f.bins.labels,
      axisLabel: { ...axisText, interval: 0, rotate: many ? 30 : 0, width: many ? 90 : 120, overflow: 'truncate' },
      axisLine: { lineStyle: { color: p.border } }, axisTick: { alignWithLabel: true, lineStyle: { color: p.border } },
    },
    yAxis: {
      type: 'value', axisLabel: { ...axisText, formatter: '{value} %' }, splitLine: { lineStyle: { color: p.borderSoft } },
    },
    series: [
      { name: 'reference (training)', type: 'bar', data: f.bins.reference.map(share), itemStyle: { color: p.muted, opacity: 0.55 }, barGap: '10%' },
      { name: 'window', type: 'bar', data: f.bins.current.map(share), itemStyle: { color: f.drifted ? p.bad : p.accent } },
    ],
  };
}

export function DistributionPanel({ windows, feature, windowIndex, features, palette, onFeature, onWindow }: {
  windows: StoredWindow[];
  feature: string;
  windowIndex: number;
  features: string[];
  palette: Palette | null;
  onFeature: (f: string) => void;
  onWindow: (i: number) => void;
}) {
  const w = windows[windowIndex];
  const f = w?.features[feature];
  const option = useMemo(() => (palette && f ? distributionOption(feature, f, palette) : null), [palette, f, feature]);
  return (
    <section aria-labelledby="distribution-heading" className="monitor-panel">
      <div className="panel-head">
        <h2 id="distribution-heading">Reference and window</h2>
        <label className="small">
          Feature{' '}
          <select value={feature} onChange={(e) => onFeature(e.target.value)} aria-label="Feature">
            {features.map((name) => (
              <option key={name} value={name}>{name}</option>
            ))}
          </select>
        </label>
        <label className="small">
          Window{' '}
          <select value={windowIndex} onChange={(e) => onWindow(Number(e.target.value))} aria-label="Window">
            {windows.map((x, i) => (
              <option key={x.id} value={i}>{shortTime(x.start)}{Object.values(x.features).some((v) => v.drifted) ? ' · drift' : ''}</option>
            ))}
          </select>
        </label>
      </div>
      {w && f ? (
        <>
          <p className="small" data-testid="distribution-caption">
            <strong>{feature}</strong> <span className="muted">({f.kind}) · {span(w.start, w.end)} · {f.rows} rows, {f.nulls} nulls</span>
            {' · '}
            <span className={f.drifted ? 'error-text' : 'ok-text'} data-testid="distribution-verdict">
              {f.drifted ? `drifted (${f.reasons.join(', ')})` : 'not drifted'}
            </span>
          </p>
          <p className="small muted" data-testid="distribution-stats">
            PSI {stat(f.psi)} · JS {stat(f.js)}
            {f.ks && ` · KS ${stat(f.ks.statistic)} (p ${stat(f.ks.pvalue)})`}
            {f.chi2 && ` · χ² ${stat(f.chi2.statistic)} (p ${stat(f.chi2.pvalue)})`}
            {` · largest bin gap ${percent(Math.max(0, ...f.bins.current.map((c, i) => Math.abs(c - (f.bins.reference[i] ?? 0)))))}`}
          </p>
          <Chart
            option={option}
            height={260}
            label={`Shares per bin of ${feature}: reference against the window ${shortTime(w.start)}`}
            testId="distribution-chart"
          />
        </>
      ) : (
        <p className="empty">{feature} is not in this window.</p>
      )}
    </section>
  );
}
