'use client';
// A pipeline's saved versions (version, author, time) and the unified diff between any two of them.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { shortHash } from '../../_lib/format';
import { useTRPC } from '../../_lib/trpc';
import { Empty, ErrorBox, Loading } from '../query-state';
import { Time } from '../time';
import { diffLines, hasChanges } from './diff-lines';
import './versions.css';

export interface VersionHistoryProps {
  /** Pipeline name. */
  name: string;
}

export function VersionHistory({ name }: VersionHistoryProps) {
  const trpc = useTRPC();
  const q = useQuery(trpc.pipeline.versions.queryOptions({ name }));
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const versions = q.data ?? [];
  // Default: the newest version against the one before it.
  const to = picked.to ?? versions[0]?.version;
  const from = picked.from ?? versions[1]?.version ?? to;
  const canDiff = from !== undefined && to !== undefined && from !== to;
  const diff = useQuery({
    ...trpc.pipeline.diff.queryOptions({ name, from: from ?? 0, to: to ?? 0 }),
    enabled: canDiff,
  });

  if (q.data === undefined) {
    return q.isError ? <ErrorBox title="Could not load the versions" error={q.error} /> : <Loading what="versions" />;
  }
  if (versions.length === 0) return <Empty>No saved versions of {name} yet.</Empty>;

  return (
    <div className="version-history" data-testid="version-history">
      <table className="grid version-table" aria-label={`Versions of ${name}`}>
        <thead>
          <tr>
            <th scope="col" className="vh-pick">From</th>
            <th scope="col" className="vh-pick">To</th>
            <th scope="col">Version</th>
            <th scope="col">Author</th>
            <th scope="col">Saved</th>
            <th scope="col" className="vh-hash">Source hash</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className={v.version === to || v.version === from ? 'targeted' : undefined}>
              <td className="vh-pick">
                <input
                  type="radio"
                  name={`vh-from-${name}`}
                  aria-label={`Compare from version ${v.version}`}
                  checked={v.version === from}
                  onChange={() => setPicked({ from: v.version, to })}
                />
              </td>
              <td className="vh-pick">
                <input
                  type="radio"
                  name={`vh-to-${name}`}
                  aria-label={`Compare to version ${v.version}`}
                  checked={v.version === to}
                  onChange={() => setPicked({ from, to: v.version })}
                />
              </td>
              <td>
                <span className="version">v{v.version}</span>
              </td>
              <td>{v.author}</td>
              <td className="vh-time">
                <Time value={v.createdAt} />
              </td>
              <td className="mono small vh-hash" title={v.sourceHash}>
                {shortHash(v.sourceHash)}
                {v.origin ? <span className="muted"> · {v.origin}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section className="vh-diff" aria-label="Diff">
        <h2 className="vh-diff-title">
          {canDiff ? (
            <>
              Changes from <span className="version">v{from}</span> to <span className="version">v{to}</span>
            </>
          ) : versions.length === 1 ? (
            'Only one version: nothing to compare'
          ) : (
            'Choose two different versions to compare'
          )}
        </h2>
        {canDiff && diff.data === undefined && (diff.isError ? <ErrorBox title="Could not load the diff" error={diff.error} /> : <Loading what="diff" />)}
        {canDiff && diff.data && diff.data.from === from && diff.data.to === to && <DiffView unified={diff.data.unified} />}
      </section>
    </div>
  );
}

export function DiffView({ unified }: { unified: string }) {
  // The `Index:`/`=====` banner of createTwoFilesPatch says nothing the --- / +++ lines do not.
  const lines = diffLines(unified).filter((l) => !/^(={3,}|Index: )/.test(l.text));
  if (!hasChanges(lines)) return <Empty>The two versions have the same source.</Empty>;
  return (
    <pre className="vh-unified" data-testid="unified-diff" aria-label="Unified diff">
      {lines.map((l, i) => (
        <span key={i} className={`vh-line vh-${l.kind}`}>
          {l.text || ' '}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
