'use client';
// A registered version's training curves: those of the run that made it (experiment tracking), one chart per
// training step, with a link to the run page where they were drawn live.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatNumber } from '../../_lib/format';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { Chart } from '../monitoring/chart';
import { usePalette } from '../monitoring/palette';
import { curvesOption } from '../run/curves-option';

export function VersionCurves({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.run.epochs.queryOptions({ id: runId, points: 300 }));
  const palette = usePalette();
  const charts = useMemo(() => (q.data ?? []).map((c) => {
    const val = c.epochs.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss!] as [number, number]);
    const series = [{ name: 'training loss', points: c.epochs.map((e) => [e.epoch, e.loss] as [number, number]) }, ...(val.length ? [{ name: 'validation loss', points: val, dashed: true }] : [])];
    return { curve: c, series, option: palette ? curvesOption(series, palette) : null };
  }), [q.data, palette]);
  if (charts.length === 0) return null;
  return (
    <section aria-labelledby="curves-heading" data-testid="version-curves">
      <h2 id="curves-heading">Training curves</h2>
      {charts.map(({ curve, series, option }) => {
        const last = curve.epochs[curve.epochs.length - 1];
        return (
          <div key={curve.stepId} className="training-curves">
            <p className="small">
              Step <strong>{curve.stepId}</strong> of run{' '}
              <Link href={runHref(runId)} className="mono">{runId.slice(0, 8)}</Link>: {curve.total} epochs, last loss {formatNumber(last.loss)}
              {last.valLoss !== null && <>, validation {formatNumber(last.valLoss)}</>}
            </p>
            <Chart option={option} height={200} label={`${series.map((s) => s.name).join(' and ')} of ${curve.stepId} by epoch`} />
          </div>
        );
      })}
    </section>
  );
}
