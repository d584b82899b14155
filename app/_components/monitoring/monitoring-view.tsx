'use client';
// An endpoint's monitoring page: drift per feature over time (heat map), reference against window for a chosen
// feature, quality with the retrain runs and deployments marked, traffic and latency, the alerts, and the
// monitor's spec. Stored windows come from monitor.windows (docs/monitoring.md), refreshed while the page is open.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';
import { ErrorBox, Loading } from '../query-state';
import { AlertsPanel } from './alerts';
import { DistributionPanel } from './distribution';
import { shortTime, span } from './format';
import { DriftHeatmap, featuresOf } from './heatmap';
import { usePalette } from './palette';
import { SpecPanel } from './spec-panel';
import { QualityPanel, TrafficPanel } from './timeseries';
import type { EndpointDetail, RunItem, StoredWindow, TimeMark } from './types';
import '../registry/registry.css';
import '../endpoint/endpoint.css';
import './monitoring.css';

const REFRESH_MS = 10_000;
const SPANS = [24, 48, 96, 200];

/** The runs a drift or performance trigger of this endpoint started (`triggerDetails.endpoint`, where runs carry it). */
export function retrainMarks(runs: RunItem[]): TimeMark[] {
  return runs.map((r) => ({
    kind: 'retrain' as const, at: r.createdAt, short: 'retrain', label: `${r.pipelineName} retrained · ${r.triggerDetails?.summary ?? r.trigger}`, href: runHref(r.id),
  }));
}

export function deploymentMarks(endpoint: EndpointDetail | undefined): TimeMark[] {
  if (!endpoint) return [];
  return endpoint.history.map((d) => ({
    kind: 'deployment' as const,
    at: d.createdAt,
    short: `#${d.number}`,
    label: `deployment #${d.number} · ${d.variants.map((v) => `${v.model}@${v.version}`).join(', ')}`,
    href: `/endpoints/${encodeURIComponent(endpoint.name)}#deployments-heading`,
  }));
}

export function MonitoringView({ name }: { name: string }) {
  const trpc = useTRPC();
  const palette = usePalette();
  const [limit, setLimit] = useState(48);
  const monitor = useQuery(trpc.monitor.get.queryOptions({ endpoint: name }, { retry: false, refetchInterval: REFRESH_MS }));
  const windows = useQuery(trpc.monitor.windows.queryOptions({ endpoint: name, limit }, { retry: false, refetchInterval: REFRESH_MS }));
  const alerts = useQuery(trpc.monitor.alerts.queryOptions({ endpoint: name, limit: 200 }, { retry: false, refetchInterval: REFRESH_MS }));
  const endpoint = useQuery(trpc.endpoint.get.queryOptions({ name }, { retry: false }));
  const retrains = useQuery(trpc.run.list.queryOptions({ endpoint: name, limit: 200 }, { retry: false, refetchInterval: REFRESH_MS }));

  const list = useMemo<StoredWindow[]>(() => windows.data?.windows ?? [], [windows.data]);
  const marks = useMemo(() => {
    const all = [...retrainMarks(retrains.data?.items ?? []), ...deploymentMarks(endpoint.data)];
    return all.sort((a, b) => a.at.getTime() - b.at.getTime());
  }, [retrains.data, endpoint.data]);

  const header = (
    <>
      <p className="registry-crumbs">
        <Link href="/endpoints">Endpoints</Link> / <Link href={`/endpoints/${encodeURIComponent(name)}`}>{name}</Link> /
      </p>
      <div className="registry-title">
        <h1 id="monitoring-heading">Monitoring {name}</h1>
      </div>
    </>
  );

  // The empty state says different things with and without a monitor: wait for both answers before choosing.
  if ((windows.data === undefined && !windows.isError) || monitor.isPending) return <section aria-labelledby="monitoring-heading">{header}<Loading what="the monitor's windows" /></section>;
  const noMonitor = monitor.isError;
  if (windows.isError && noMonitor) {
    return (
      <section aria-labelledby="monitoring-heading" className="monitoring-page">
        {header}
        <ErrorBox title={`Nothing to show for ${name}`} error={windows.error} />
      </section>
    );
  }
  const m = monitor.data;
  return (
    <section aria-labelledby="monitoring-heading" className="monitoring-page" data-scheme={palette?.mode}>
      {header}
      <Summary windows={list} models={windows.data?.models ?? {}} limit={limit} setLimit={setLimit} />
      {list.length === 0 ? (
        <EmptyState name={name} hasMonitor={m !== undefined} window={m ? (m.spec as { window?: unknown }).window : undefined} nextEnd={m?.workflow?.progress?.nextWindowEnd} />
      ) : (
        <Panels windows={list} marks={marks} palette={palette} />
      )}
      <AlertsPanel alerts={alerts.data ?? []} windows={list} />
      {m ? <SpecPanel monitor={m} /> : <NoMonitor name={name} />}
    </section>
  );
}

function Summary({ windows, models, limit, setLimit }: { windows: StoredWindow[]; models: Record<string, string>; limit: number; setLimit: (n: number) => void }) {
  const last = windows[windows.length - 1];
  return (
    <div className="monitor-summary small">
      {last ? (
        <span data-testid="monitor-last-window">
          Last window {span(last.start, last.end)} · {last.rows} predictions
          {last.modelVersionId && models[last.modelVersionId] ? ` · reference ${models[last.modelVersionId]}` : ''} ·{' '}
          {last.dataset.drifted
            ? <span className="error-text">dataset drifted ({last.dataset.driftedFeatures.length} features)</span>
            : <span className="ok-text">no dataset drift</span>}
          {!last.dataset.drifted && last.dataset.driftedFeatures.length > 0 && <> · drifted: {last.dataset.driftedFeatures.join(', ')}</>}
        </span>
      ) : (
        <span className="muted">No window stored yet.</span>
      )}
      {windows.length > 0 && (
        <label>
          Show the last{' '}
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Windows shown">
            {SPANS.map((n) => (
              <option key={n} value={n}>{n}</option>
            ))}
          </select>{' '}
          windows
        </label>
      )}
    </div>
  );
}

function Panels({ windows, marks, palette }: { windows: StoredWindow[]; marks: TimeMark[]; palette: ReturnType<typeof usePalette> }) {
  const features = useMemo(() => featuresOf(windows), [windows]);
  const [picked, setPicked] = useState<{ feature: string; windowId: number } | null>(null);
  // Until a cell or an option is picked: the newest window, and its first drifted feature (else its first one).
  const newest = windows[windows.length - 1];
  const byId = windows.findIndex((w) => w.id === picked?.windowId);
  const windowIndex = byId >= 0 ? byId : windows.length - 1;
  const w = windows[windowIndex];
  const feature = picked?.feature && features.includes(picked.feature)
    ? picked.feature
    : (Object.entries(newest.features).find(([, f]) => f.drifted)?.[0] ?? features[0]);
  return (
    <>
      <DriftHeatmap windows={windows} palette={palette} onPick={(f, i) => setPicked({ feature: f, windowId: windows[i].id })} />
      <DistributionPanel
        windows={windows}
        features={features}
        feature={feature}
        windowIndex={windowIndex}
        palette={palette}
        onFeature={(f) => setPicked({ feature: f, windowId: w.id })}
        onWindow={(i) => setPicked({ feature, windowId: windows[i].id })}
      />
      <div className="registry-grid endpoint-grid monitor-grid">
        <QualityPanel windows={windows} marks={marks} palette={palette} />
        <TrafficPanel windows={windows} marks={marks} palette={palette} />
      </div>
    </>
  );
}

function EmptyState({ name, hasMonitor, window, nextEnd }: { name: string; hasMonitor: boolean; window: unknown; nextEnd?: string }) {
  const every = typeof window === 'string' ? `every ${window}` : window && typeof window === 'object' ? `every ${(window as { predictions: number }).predictions} predictions` : 'every window';
  return (
    <div className="empty monitor-empty" data-testid="monitor-empty">
      <p><strong>No window computed yet.</strong></p>
      {hasMonitor ? (
        <p>
          The monitor computes a window {every} from the endpoint&apos;s prediction log
          {nextEnd ? <> — the next one ends {shortTime(nextEnd)}</> : null}. Send predictions to <code>{name}</code> (with its prediction
          log on) and the drift, quality and traffic charts fill in; <code>headrace monitor {name} --since 1h</code> computes one now.
        </p>
      ) : (
        <p>
          Nothing watches this endpoint yet: write a monitor file (<code>monitor: {name}</code> in a <code>*.monitor.yaml</code>, see
          docs/monitoring.md) and apply it with <code>headrace apply</code>.
        </p>
      )}
    </div>
  );
}

function NoMonitor({ name }: { name: string }) {
  return (
    <section aria-labelledby="spec-heading" className="monitor-panel">
      <h2 id="spec-heading">Monitor</h2>
      <p className="small muted" data-testid="no-monitor">
        No monitor is applied for {name}. A file such as <code>{name}.monitor.yaml</code> with <code>monitor: {name}</code> and
        <code> window: 1h</code>, applied with <code>headrace apply</code>, starts one.
      </p>
    </section>
  );
}
