'use client';
// The current deployment's variants side by side: weight (a bar), model@version, and over the last N minutes
// requests/s, p50/p99 latency and errors; a shadow variant's comparison with the answers it shadowed.
import Link from 'next/link';
import { modelHref } from '../../_lib/links';
import { errorMessage } from '../../_lib/errors';
import { Time } from '../time';
import { PromoteButton } from './actions';
import type { DeployedVariant, Deployment, EndpointStats, VariantStats } from './types';
import { formatLatency, formatPercent, formatRps, formatSignedMs } from './usage';

const SPANS = [1, 5, 15, 60];

interface Props {
  endpoint: string;
  deployment: Deployment;
  stats: EndpointStats | undefined;
  statsError: unknown;
  minutes: number;
  setMinutes: (m: number) => void;
}

export function VariantsPanel({ endpoint, deployment, stats, statsError, minutes, setMinutes }: Props) {
  const byName = new Map((stats?.variants ?? []).map((s) => [`${s.variant}\u0000${s.role}`, s]));
  const current = new Set(deployment.variants.map((v) => `${v.name}\u0000${v.role}`));
  // Variants that served in the span but are no longer deployed (a previous deployment's canary, say).
  const gone = (stats?.variants ?? []).filter((s) => !current.has(`${s.variant}\u0000${s.role}`));
  const shadows = (stats?.variants ?? []).filter((s) => s.shadow !== null);
  const promotable = deployment.variants.length > 1;
  return (
    <section className="registry-wide" aria-labelledby="variants-heading">
      <div className="panel-head">
        <h2 id="variants-heading">Variants</h2>
        <label className="small muted">
          over the last{' '}
          <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} aria-label="Span of the numbers">
            {SPANS.map((m) => (
              <option key={m} value={m}>
                {m} min
              </option>
            ))}
          </select>
        </label>
        <span className="small muted" data-testid="stats-asof">
          {stats ? (
            <>
              as of <Time value={stats.now} />, refreshed every few seconds
            </>
          ) : statsError ? (
            <span className="error-text">numbers unavailable: {errorMessage(statsError)}</span>
          ) : (
            'loading numbers…'
          )}
        </span>
      </div>
      <div className="table-scroll">
        <table className="grid variants-table" aria-label="Variants" data-testid="variants">
          <thead>
            <tr>
              <th scope="col">Variant</th>
              <th scope="col">Model</th>
              <th scope="col" className="weight-col">
                Weight
              </th>
              <th scope="col" className="num">
                Req/s
              </th>
              <th scope="col" className="num">
                Requests
              </th>
              <th scope="col" className="num">
                p50
              </th>
              <th scope="col" className="num">
                p99
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              {promotable && <th scope="col" className="visually-hidden">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {deployment.variants.map((v) => (
              <VariantRow key={`${v.name}-${v.role}`} v={v} s={byName.get(`${v.name}\u0000${v.role}`)} loaded={stats !== undefined}>
                {promotable && (
                  <td>
                    <PromoteButton endpoint={endpoint} variant={v} />
                  </td>
                )}
              </VariantRow>
            ))}
            {gone.map((s) => (
              <tr key={`gone-${s.variant}-${s.role}`} className="gone" data-testid={`variant-${s.variant}`}>
                <td>
                  <span className="variant-name">{s.variant}</span> <span className={`role role-${s.role}`}>{s.role}</span>
                  <div className="small muted">no longer deployed</div>
                </td>
                <td className="muted">—</td>
                <td className="muted">—</td>
                <StatCells s={s} loaded />
                {promotable && <td />}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shadows.length > 0 && <ShadowReport shadows={shadows} />}
    </section>
  );
}

function VariantRow({ v, s, loaded, children }: { v: DeployedVariant; s: VariantStats | undefined; loaded: boolean; children: React.ReactNode }) {
  return (
    <tr data-testid={`variant-${v.name}`}>
      <td>
        <span className="variant-name">{v.name}</span> <span className={`role role-${v.role}`}>{v.role}</span>
      </td>
      <td>
        <Link href={modelHref(v.model, v.version)} className="mono" aria-label={`${v.model} v${v.version}`}>
          {v.model}@v{v.version}
        </Link>{' '}
        <span className={`stage stage-${v.stage}`}>{v.stage}</span>
      </td>
      <td className="weight-col">
        <WeightBar weight={v.weight} role={v.role} />
      </td>
      <StatCells s={s} loaded={loaded} />
      {children}
    </tr>
  );
}

function WeightBar({ weight, role }: { weight: number; role: string }) {
  const label = role === 'shadow' ? `${weight} % of requests copied` : `${weight} % of traffic`;
  return (
    <div className="weight" title={label} data-testid="variant-weight">
      <div className="weight-track" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={weight} aria-label={label}>
        <div className={`weight-fill role-${role}`} style={{ width: `${Math.max(0, Math.min(100, weight))}%` }} />
      </div>
      <span className="num">{weight} %</span>
    </div>
  );
}

function StatCells({ s, loaded }: { s: VariantStats | undefined; loaded: boolean }) {
  const blank = loaded ? '—' : '…';
  if (!s) {
    return (
      <>
        <td className="num muted" data-testid="variant-rps">
          {loaded ? '0' : blank}
        </td>
        <td className="num muted">{loaded ? '0' : blank}</td>
        <td className="num muted">{blank}</td>
        <td className="num muted">{blank}</td>
        <td className="num muted">{blank}</td>
      </>
    );
  }
  return (
    <>
      <td className="num" data-testid="variant-rps">
        {formatRps(s.rps)}
      </td>
      <td className="num" data-testid="variant-requests">
        {s.requests.toLocaleString('en-US')}
      </td>
      <td className="num" data-testid="variant-p50">
        {formatLatency(s.p50Ms, s.requests)}
      </td>
      <td className="num" data-testid="variant-p99">
        {formatLatency(s.p99Ms, s.requests)}
      </td>
      <td className="num" data-testid="variant-errors">
        <span className={s.errors > 0 ? 'error-text' : undefined}>
          {s.errors.toLocaleString('en-US')} · {formatPercent(s.errorRate)}
        </span>
      </td>
    </>
  );
}

function ShadowReport({ shadows }: { shadows: VariantStats[] }) {
  return (
    <div className="shadow-report" data-testid="shadow-report">
      <h3>Shadow comparison</h3>
      <p className="small muted">
        A shadow variant answers copies of live requests; its answers are compared with the ones the callers got, never returned.
      </p>
      <table className="mini" aria-label="Shadow comparison">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" className="num">
              Compared
            </th>
            <th scope="col" className="num">
              Agreement
            </th>
            <th scope="col" className="num" title="Root mean squared difference of the predicted class's probability (or of a regressor's value)">
              RMSE
            </th>
            <th scope="col" className="num" title="Shadow latency minus the answering variant's, mean">
              Latency diff.
            </th>
            <th scope="col" className="num" title="Copies dropped because the shadow's queue was full">
              Dropped
            </th>
          </tr>
        </thead>
        <tbody>
          {shadows.map((s) => (
            <tr key={s.variant} data-testid={`shadow-${s.variant}`}>
              <td>{s.variant}</td>
              <td className="num">{s.shadow!.compared.toLocaleString('en-US')}</td>
              <td className="num" data-testid="shadow-agreement">
                {formatPercent(s.shadow!.agreement)}
              </td>
              <td className="num" data-testid="shadow-rmse">
                {s.shadow!.rmse === null ? '—' : s.shadow!.rmse.toFixed(4)}
              </td>
              <td className="num" data-testid="shadow-latency">
                {formatSignedMs(s.shadow!.latencyDiffMeanMs)}
              </td>
              <td className={`num${s.shadow!.dropped > 0 ? ' error-text' : ''}`}>{s.shadow!.dropped.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
