'use client';
// The current deployment's variants side by side: weight (a bar), model@version, and over the last N minutes
// requests/s, p50/p99 latency and errors; a shadow variant's comparison with the answers it shadowed.
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { modelHref } from '../../_lib/links';
import { errorMessage } from '../../_lib/errors';
import { Time } from '../time';
import { PromoteForm, useCanDeploy } from './actions';
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
  const deployed = new Set(deployment.variants.map((v) => v.name));
  const shadows = (stats?.variants ?? []).filter((s) => s.shadow !== null);
  const promotable = useCanDeploy() && deployment.variants.length > 1;
  const [promoting, setPromoting] = useState<string>();
  const columns = promotable ? 9 : 8;
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
              <NumHeads heads={[['Req/s'], ['Requests'], ['p50'], ['p99'], ['Errors']]} />
              {promotable && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {deployment.variants.map((v) => (
              <Fragment key={`${v.name}-${v.role}`}>
                <VariantRow v={v} s={byName.get(`${v.name}\u0000${v.role}`)} loaded={stats !== undefined}>
                  {promotable && (
                    <td>
                      <button type="button" onClick={() => setPromoting(v.name)} disabled={promoting !== undefined} aria-label={`Promote ${v.name}…`}>
                        Promote…
                      </button>
                    </td>
                  )}
                </VariantRow>
                {promotable && promoting === v.name && (
                  <tr className="promote-row" data-testid={`promote-${v.name}`}>
                    <td colSpan={columns}>
                      <PromoteForm endpoint={endpoint} variant={v} onDone={() => setPromoting(undefined)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
            {gone.map((s) => (
              <tr key={`gone-${s.variant}-${s.role}`} className="gone" data-testid={deployed.has(s.variant) ? `earlier-${s.variant}-${s.role}` : `variant-${s.variant}`}>
                <td>
                  <span className="variant-name">{s.variant}</span> <span className={`role role-${s.role}`}>{s.role}</span>
                  <div className="small muted">{deployed.has(s.variant) ? 'in an earlier deployment' : 'no longer deployed'}</div>
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

/** Numeric column headers: [label, title?] each. */
function NumHeads({ heads }: { heads: Array<[string, string?]> }) {
  return heads.map(([label, title]) => (
    <th key={label} scope="col" className="num" title={title}>
      {label}
    </th>
  ));
}

/** Numeric cells: [test id, content, extra class?] each. */
function NumCells({ cells }: { cells: Array<[string, React.ReactNode, string?]> }) {
  return cells.map(([testId, content, extra]) => (
    <td key={testId} className={extra ? `num ${extra}` : 'num'} data-testid={testId}>
      {content}
    </td>
  ));
}

function StatCells({ s, loaded }: { s: VariantStats | undefined; loaded: boolean }) {
  const blank = loaded ? '—' : '…';
  const zero = loaded ? '0' : blank;
  if (!s) {
    return (
      <NumCells
        cells={[
          ['variant-rps', zero, 'muted'],
          ['variant-requests', zero, 'muted'],
          ['variant-p50', blank, 'muted'],
          ['variant-p99', blank, 'muted'],
          ['variant-errors', blank, 'muted'],
        ]}
      />
    );
  }
  return (
    <NumCells
      cells={[
        ['variant-rps', formatRps(s.rps)],
        ['variant-requests', s.requests.toLocaleString('en-US')],
        ['variant-p50', formatLatency(s.p50Ms, s.requests)],
        ['variant-p99', formatLatency(s.p99Ms, s.requests)],
        [
          'variant-errors',
          <span key="e" className={s.errors > 0 ? 'error-text' : undefined}>
            {s.errors.toLocaleString('en-US')} · {formatPercent(s.errorRate)}
          </span>,
        ],
      ]}
    />
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
            <NumHeads
              heads={[
                ['Compared'],
                ['Agreement'],
                ['RMSE', "Root mean squared difference of the predicted class's probability (or of a regressor's value)"],
                ['Latency diff.', "Shadow latency minus the answering variant's, mean"],
                ['Dropped', "Copies dropped because the shadow's queue was full"],
              ]}
            />
          </tr>
        </thead>
        <tbody>
          {shadows.map(({ variant, shadow: c }) => (
            <tr key={variant} data-testid={`shadow-${variant}`}>
              <td>{variant}</td>
              <NumCells
                cells={[
                  ['shadow-compared', c!.compared.toLocaleString('en-US')],
                  ['shadow-agreement', formatPercent(c!.agreement)],
                  ['shadow-rmse', c!.rmse === null ? '—' : c!.rmse.toFixed(4)],
                  ['shadow-latency', formatSignedMs(c!.latencyDiffMeanMs)],
                  ['shadow-dropped', c!.dropped.toLocaleString('en-US'), c!.dropped > 0 ? 'error-text' : undefined],
                ]}
              />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
