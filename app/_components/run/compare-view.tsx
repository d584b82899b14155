'use client';
// The compare page: run.compare for the runs named in the address. Curves of each training step overlaid (one
// colour per run, validation dashed), then the settings that differ (the same ones greyed out on request), the
// table each model was trained on, and every metric with the best value marked.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { settingText } from '../../../dsl/setting-text';
import { formatNumber } from '../../_lib/format';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { Chart } from '../monitoring/chart';
import { usePalette } from '../monitoring/palette';
import { ErrorBox, Loading } from '../query-state';
import { StateBadge } from '../state-badge';
import { curvesOption, type CurveSeries } from './curves-option';

/** Metrics where lower is better; the rest are better higher. */
const LOWER_BETTER = new Set(['logLoss', 'rmse', 'mae', 'ece', 'loss']);


export function CompareView({ ids }: { ids: string[] }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.run.compare.queryOptions({ ids }), enabled: ids.length >= 2 });
  const palette = usePalette();
  const [all, setAll] = useState(false);
  const c = q.data;
  const label = (id: string) => {
    const r = c?.runs.find((x) => x.id === id);
    return r ? `${id.slice(0, 8)} · ${r.pipeline} v${r.version}` : id.slice(0, 8);
  };
  const charts = useMemo(() => {
    if (!c || !palette) return [];
    const steps = [...new Set(c.curves.map((k) => k.stepId))];
    return steps.map((stepId) => {
      const series: CurveSeries[] = [];
      c.runs.forEach((r, i) => {
        const curve = c.curves.find((k) => k.runId === r.id && k.stepId === stepId);
        if (!curve) return;
        series.push({ name: `${label(r.id)} training`, points: curve.epochs.map((e) => [e.epoch, e.loss]), colour: i });
        const val = curve.epochs.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss!] as [number, number]);
        if (val.length) series.push({ name: `${label(r.id)} validation`, points: val, dashed: true, colour: i });
      });
      return { stepId, series, option: curvesOption(series, palette) };
    });
  }, [c, palette]);

  if (ids.length < 2) return <ErrorBox title="Nothing to compare" error={new Error('Name two runs or more: /runs/compare?ids=RUN,RUN (tick them in the runs list).')} />;
  if (!c) return q.isError ? <ErrorBox title="Could not compare the runs" error={q.error} /> : <Loading what="the runs" />;

  const rows = c.steps.flatMap((s) => {
    const keys = all ? [...new Set(Object.values(s.config).flatMap((v) => (v ? Object.keys(v) : [])))] : s.differs;
    return keys.map((key) => ({ id: `${s.stepId}.${key}`, differs: s.differs.includes(key), values: c.runs.map((r) => (s.config[r.id] === null ? '(no step)' : settingText(s.config[r.id]?.[key]))) }));
  });
  const data = c.steps
    .filter((s) => s.trainedOn)
    .map((s) => ({ id: `${s.stepId} trained on`, values: c.runs.map((r) => s.trainedOn?.[r.id]?.slice(0, 12) ?? '—'), differs: new Set(Object.values(s.trainedOn!)).size > 1 }))
    .filter((row) => all || row.differs);

  return (
    <article aria-labelledby="compare-title">
      <div className="section-head">
        <h1 id="compare-title">Compare {c.runs.length} runs</h1>
        <Link href="/runs">All runs</Link>
      </div>
      <table className="grid" aria-label="Runs compared">
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Params</th>
          </tr>
        </thead>
        <tbody>
          {c.runs.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={runHref(r.id)} className="strong">
                  {label(r.id)}
                </Link>
              </td>
              <td>
                <StateBadge state={r.status} />
              </td>
              <td className="mono small">{Object.entries(r.params).map(([k, v]) => `${k}=${settingText(v)}`).join(' ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {charts.map((ch) => (
        <section key={ch.stepId} className="training-curves" aria-label={`curves of ${ch.stepId}`}>
          <h2>Training curves · {ch.stepId}</h2>
          <Chart option={ch.option} height={260} label={`loss by epoch of ${ch.stepId}: ${ch.series.map((s) => s.name).join(', ')}`} testId={`compare-curves-${ch.stepId}`} />
        </section>
      ))}

      <section aria-labelledby="differences" className="compare-section">
        <div className="section-head">
          <h2 id="differences">{all ? 'Settings and data' : 'What differs'}</h2>
          <label className="small">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> show the same settings too
          </label>
        </div>
        {rows.length + data.length === 0 ? (
          <p className="muted">The runs used the same settings and the same training data.</p>
        ) : (
          <table className="grid" aria-label="Settings compared">
            <thead>
              <tr>
                <th scope="col">Setting</th>
                {c.runs.map((r) => (
                  <th key={r.id} scope="col">{label(r.id)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...rows, ...data].map((row) => (
                <tr key={row.id} className={row.differs ? undefined : 'muted'}>
                  <th scope="row" className="mono small">{row.id}</th>
                  {row.values.map((v, i) => (
                    <td key={i} className="mono small">{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {c.metrics.length > 0 && (
        <section aria-labelledby="metrics" className="compare-section">
          <h2 id="metrics">Metrics</h2>
          <table className="grid" aria-label="Metrics compared">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {c.runs.map((r) => (
                  <th key={r.id} scope="col" className="num">{label(r.id)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.metrics.map((m) => {
                const vals = c.runs.map((r) => m.values[r.id]);
                const present = vals.filter((v): v is number => v !== null);
                const best = present.length > 1 && new Set(present).size > 1 ? (LOWER_BETTER.has(m.name) ? Math.min(...present) : Math.max(...present)) : undefined;
                return (
                  <tr key={`${m.stepId}/${m.name}`}>
                    <th scope="row" className="mono small">{m.stepId}.{m.name}</th>
                    {vals.map((v, i) => (
                      <td key={i} className="num">{v === null ? '—' : v === best ? <strong title="best of the runs">{formatNumber(v)}</strong> : formatNumber(v)}</td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </article>
  );
}
