'use client';
// One model version: every registry field — what it is, where it came from, how it was trained and on what,
// its signature and metrics, the gate it passed, its stage history with actors and reasons — the ONNX file,
// and Promote / Archive for the roles allowed.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ModelVersionDetail } from '../../_lib/api-types';
import { formatDuration, formatValue, humanize, shortHash } from '../../_lib/format';
import { datasetHref, lineageHref, modelDownloadHref, modelPageHref, runHref } from '../../_lib/links';
import { VersionCurves } from './version-curves';
import { useTRPC } from '../../_lib/trpc';
import { ErrorBox, Loading } from '../query-state';
import { Time } from '../time';
import { formatMetric, keyMetrics } from './metrics';
import { SignatureView } from './signature-view';
import { StageActions } from './stage-actions';
import { ServingEndpoints } from '../endpoint/serving-endpoints';
import './registry.css';

type Detail = ModelVersionDetail;

export function VersionView({ name, version }: { name: string; version: number }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.model.version.queryOptions({ name, version }));
  if (q.data === undefined) return q.isError ? <ErrorBox title={`Could not load ${name} v${version}`} error={q.error} /> : <Loading what="the version" />;
  const v = q.data;
  return (
    <section aria-labelledby="version-heading">
      <p className="registry-crumbs">
        <Link href="/models">Models</Link> / <Link href={modelPageHref(v.name)}>{v.name}</Link> /
      </p>
      <div className="registry-title">
        <h1 id="version-heading">
          {v.name} <span className="version">v{v.version}</span>
        </h1>
        <span className={`stage stage-${v.stage}`} data-testid="version-stage">
          {v.stage}
        </span>
        <a className="button-link" href={modelDownloadHref(v.name, v.version)} download>
          Download ONNX
        </a>
        <Link className="button-link" href={lineageHref({ model: `${v.name}@${v.version}` })}>
          Lineage
        </Link>
        {v.runId && v.version > 1 && (
          // Each version stands for the run that registered it (run.compare resolves MODEL@VERSION).
          <Link className="button-link" href={`/runs/compare?ids=${encodeURIComponent(`${v.name}@${v.version - 1}`)},${encodeURIComponent(`${v.name}@${v.version}`)}`}>
            Compare with v{v.version - 1}
          </Link>
        )}
        <StageActions name={v.name} version={v.version} stage={v.stage} />
      </div>
      <ServingEndpoints versionId={v.id} />
      <div className="registry-grid">
        <Overview v={v} />
        <Metrics v={v} />
        <Signature v={v} />
        <Training v={v} />
      </div>
      {v.runId && <VersionCurves runId={v.runId} />}
      <StageHistory v={v} />
    </section>
  );
}

function Fields({ label, rows }: { label: string; rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="fields" aria-label={label}>
      {rows.map(([k, val]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{val ?? <span className="muted">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

const none = <span className="muted">—</span>;
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

function Overview({ v }: { v: Detail }) {
  const pipeline = str(v.lineage.pipeline);
  return (
    <section aria-labelledby="overview-heading" data-testid="version-overview">
      <h2 id="overview-heading">Registration</h2>
      <Fields
        label="Registration"
        rows={[
          ['Description', v.description ?? none],
          ['Created', <Time key="c" value={v.createdAt} />],
          ['Registered by', v.registeredBy ?? none],
          ['Reason', v.reason ?? none],
          ['From run', v.runId ? <Link href={runHref(v.runId)} className="mono" aria-label={`Run ${v.runId}`}>{v.runId.slice(0, 8)}</Link> : none],
          ['Step', v.stepId ?? none],
          ['Pipeline', pipeline ? <Link href={`/runs?pipeline=${encodeURIComponent(pipeline)}`}>{pipeline}</Link> : none],
          ['Pipeline version', v.pipelineVersionId ? <span className="mono" title={v.pipelineVersionId}>{v.pipelineVersionId.slice(0, 8)}</span> : none],
          ['Source hash', v.sourceHash ? <span className="mono" title={v.sourceHash}>{shortHash(v.sourceHash)}</span> : none],
          ['Framework', v.framework],
          ['Artifact', <span key="a" className="mono" title={v.artifactHash}>sha256 {shortHash(v.artifactHash)}</span>],
          ['Notes', v.notes ? <span className="pre">{v.notes}</span> : none],
          ['Tags', Object.keys(v.tags).length > 0 ? Object.entries(v.tags).map(([k, t]) => <span key={k} className="chip">{k}={t}</span>) : none],
          ['Approvals', v.approvals.length > 0 ? (
            <ul className="plain" key="ap">
              {v.approvals.map((a) => (
                <li key={`${a.step}-${a.at}`}>
                  {a.step}: {a.approved ? 'approved' : 'rejected'} by {a.actor ?? 'unknown'}
                  {a.reason && <> — {a.reason}</>} {a.at && <Time value={a.at} />}
                </li>
              ))}
            </ul>
          ) : none],
        ]}
      />
    </section>
  );
}

function Metrics({ v }: { v: Detail }) {
  const gate = v.lineage.gate as { step?: string; passed?: boolean; unmet?: string[] } | undefined;
  const first = keyMetrics([v.metrics], 99);
  const names = [...first, ...Object.keys(v.metrics).filter((k) => !first.includes(k)).sort()];
  return (
    <section aria-labelledby="metrics-heading" data-testid="version-metrics">
      <h2 id="metrics-heading">Metrics</h2>
      {names.length === 0 ? (
        <p className="muted">No metrics were registered with this version.</p>
      ) : (
        <table className="mini" aria-label="Metrics">
          <tbody>
            {names.map((k) => (
              <tr key={k}>
                <th scope="row">{humanize(k)}</th>
                <td className="num mono">{formatMetric(k, v.metrics[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 className="registry-wide">Gate</h2>
      <p data-testid="version-gate">
        {gate?.step ? (
          gate.passed ? (
            <>
              <span className="gate-passed">passed</span> the gate of step <strong>{gate.step}</strong>
            </>
          ) : (
            <>
              <span className="gate-failed">did not pass</span> the gate of step <strong>{gate.step}</strong>: {(gate.unmet ?? []).join('; ')}
            </>
          )
        ) : (
          <span className="muted">No gate was set on the step that produced these metrics.</span>
        )}
      </p>
    </section>
  );
}

function Signature({ v }: { v: Detail }) {
  return (
    <section aria-labelledby="signature-heading" data-testid="version-signature">
      <h2 id="signature-heading">Signature</h2>
      <SignatureView signature={v.signature} features={v.features} label="Signature" tableLabel="Features" target />
    </section>
  );
}

function Training({ v }: { v: Detail }) {
  const started = v.trainingStartedAt ? new Date(v.trainingStartedAt).getTime() : undefined;
  const finished = v.trainingFinishedAt ? new Date(v.trainingFinishedAt).getTime() : undefined;
  const rows = typeof v.runtime.rows === 'number' ? v.runtime.rows : undefined;
  return (
    <section aria-labelledby="training-heading" data-testid="version-training">
      <h2 id="training-heading">Training</h2>
      <Fields
        label="Training"
        rows={[
          ['Started', <Time key="s" value={v.trainingStartedAt} />],
          ['Finished', <Time key="f" value={v.trainingFinishedAt} />],
          ['Took', started !== undefined && finished !== undefined ? formatDuration(finished - started) : none],
          ...Object.entries(v.runtime).map(([k, val]): [string, ReactNode] => [humanize(k), formatValue(val)]),
        ]}
      />
      <h2 className="registry-wide">Hyperparameters</h2>
      <Fields
        label="Hyperparameters"
        rows={Object.entries(v.hyperparameters).map(([k, val]): [string, ReactNode] => [
          k,
          typeof val === 'object' && val !== null ? <code key={k}>{JSON.stringify(val)}</code> : formatValue(val),
        ])}
      />
      <h2 className="registry-wide">Training data</h2>
      <table className="mini" aria-label="Training datasets">
        <thead>
          <tr>
            <th scope="col">Table (sha256)</th>
            <th scope="col" className="num">Rows</th>
          </tr>
        </thead>
        <tbody>
          {v.trainingDatasets.map((h) => (
            <tr key={h}>
              <td className="mono" title={h}>
                <Link href={datasetHref(h)}>{shortHash(h, 16)}</Link>
              </td>
              <td className="num">{rows !== undefined && v.trainingDatasets.length === 1 ? formatValue(rows) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StageHistory({ v }: { v: Detail }) {
  return (
    <section className="registry-wide" aria-labelledby="history-heading">
      <h2 id="history-heading">Stage history</h2>
      <p className="small muted">Newest first.</p>
      <table className="grid" aria-label="Stage history" data-testid="stage-history">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Change</th>
            <th scope="col">By</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {[...v.stageChanges].reverse().map((c) => (
            <tr key={c.id}>
              <td>
                <Time value={c.at} />
              </td>
              <td>
                <span className={`stage stage-${c.fromStage}`}>{c.fromStage}</span> → <span className={`stage stage-${c.toStage}`}>{c.toStage}</span>
              </td>
              <td>{c.actor}</td>
              <td>{c.reason}</td>
            </tr>
          ))}
          <tr>
            <td>
              <Time value={v.createdAt} />
            </td>
            <td>
              registered in <span className={`stage stage-${v.stageChanges[0]?.fromStage ?? v.stage}`}>{v.stageChanges[0]?.fromStage ?? v.stage}</span>
            </td>
            <td>{v.registeredBy ?? <span className="muted">—</span>}</td>
            <td>{v.reason ?? <span className="muted">—</span>}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
