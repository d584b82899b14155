'use client';
// A training step's curves (experiment tracking): training and validation loss by epoch from run.epochs, read
// every second while the step runs, with where it stands — epoch, samples/s, device, learning rate, time left —
// from the progress the trainer publishes. Training runs of other steps or runs are overlaid on the compare page.
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatNumber } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Chart } from '../monitoring/chart';
import { usePalette } from '../monitoring/palette';
import { curvesOption, type CurveSeries } from './curves-option';

interface Progress {
  epoch?: number;
  epochs?: number;
  samplesPerSecond?: number;
  device?: string;
  etaSeconds?: number | null;
  lr?: number;
  valMetric?: number;
  task?: string;
}

const seconds = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min` : s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`);

export function TrainingCurves({ runId, stepId, running, summary }: { runId: string; stepId: string; running: boolean; summary: unknown }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.run.epochs.queryOptions({ id: runId, step: stepId, points: 400 }, { refetchInterval: running ? 1_000 : false }));
  const palette = usePalette();
  const curve = q.data?.[0];
  const series = useMemo<CurveSeries[]>(() => {
    if (!curve) return [];
    const out: CurveSeries[] = [{ name: 'training loss', points: curve.epochs.map((e) => [e.epoch, e.loss]) }];
    const val = curve.epochs.filter((e) => e.valLoss !== null).map((e) => [e.epoch, e.valLoss!] as [number, number]);
    if (val.length) out.push({ name: 'validation loss', points: val, dashed: true });
    return out;
  }, [curve]);
  const option = useMemo(() => (palette && series.length ? curvesOption(series, palette) : null), [series, palette]);
  if (!curve || curve.epochs.length === 0) return null;
  const p = (typeof summary === 'object' && summary !== null ? summary : {}) as Progress;
  const last = curve.epochs[curve.epochs.length - 1];
  const metricName = p.task === 'regression' ? 'validation RMSE' : 'validation accuracy';
  const facts = [
    `epoch ${last.epoch}${p.epochs ? ` of ${p.epochs}` : ''}`,
    last.samplesPerSecond !== null ? `${formatNumber(Math.round(last.samplesPerSecond))} samples/s` : undefined,
    p.device ? `on ${p.device}` : undefined,
    last.lr !== null ? `lr ${formatNumber(last.lr)}` : undefined,
    last.valMetric !== null ? `${metricName} ${formatNumber(last.valMetric)}` : undefined,
    running && typeof p.etaSeconds === 'number' ? `about ${seconds(p.etaSeconds)} left` : undefined,
    curve.attempts.length > 1 ? `resumed (attempts ${curve.attempts.join(', ')})` : undefined,
  ].filter(Boolean);
  return (
    <section className="training-curves" aria-label={`training curves of ${stepId}`} data-testid={`curves-${stepId}`}>
      <p className="small">{facts.join(' · ')}</p>
      <Chart
        option={option}
        height={200}
        label={`loss curves of ${stepId}: ${series.map((s) => s.name).join(' and ')} over ${curve.total} epochs; last training loss ${formatNumber(last.loss)}${last.valLoss !== null ? `, validation loss ${formatNumber(last.valLoss)}` : ''}`}
        testId={`curves-chart-${stepId}`}
      />
    </section>
  );
}
