'use client';
// The data file of an ingest step, from the browser: browse the server's data roots (folders, data files with
// sizes), preview a file's first rows with the column types ingestion infers, use it as the step's `path`, and
// declare its columns (`columns:` in `with:`) in one click so the checker knows the table from there on. A file
// can also be uploaded (into the platform's uploads folder, under a data root) with a progress bar.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { formatBytes, uploadTooLarge } from '../../../dsl/bytes';
import { errorMessage } from '../../_lib/errors';
import { useTRPC } from '../../_lib/trpc';
import './data-picker.css';

export interface DataPickerProps {
  /** `ingest.csv` or `ingest.json`. */
  kind: string;
  /** The step's `with:`. */
  config: unknown;
  /** The config form's change callback (path inside `with:`). */
  onChange(path: (string | number)[], value: unknown | undefined): void;
}

type Column = { name: string; type: string; nulls: number };


/** `columns:` as the ingest kinds declare them. */
export function declaredColumns(columns: readonly Column[]): Record<string, { type: string }> {
  return Object.fromEntries(columns.map((c) => [c.name, { type: c.type }]));
}

export function DataPicker({ kind, config, onChange }: DataPickerProps) {
  const trpc = useTRPC();
  const cfg = config && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
  const path = typeof cfg.path === 'string' ? cfg.path : undefined;
  const declared = cfg.columns && typeof cfg.columns === 'object' ? (cfg.columns as Record<string, { type?: unknown }>) : undefined;
  const [open, setOpen] = useState(false);
  // The picked file's columns: only an absolute path can be previewed (a relative one depends on where the pipeline is saved).
  const current = useQuery({ ...trpc.data.preview.queryOptions({ path: path ?? '/', limit: 5 }), enabled: !!path?.startsWith('/'), retry: false });
  const columns = current.data?.columns;
  const same =
    !!columns && !!declared && Object.keys(declared).length === columns.length && columns.every((c) => declared[c.name]?.type === c.type);

  return (
    <section className="data-picker" data-testid="data-picker" aria-label="Data file">
      <div className="dp-head">
        <strong>Data file</strong>
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Close' : path ? 'Choose another file…' : 'Choose a file…'}
        </button>
      </div>
      {open && (
        <FileBrowser
          kind={kind}
          start={path?.startsWith('/') ? path.slice(0, path.lastIndexOf('/')) || '/' : undefined}
          onPick={(picked) => {
            onChange(['path'], picked);
            setOpen(false);
          }}
        />
      )}
      {path?.startsWith('/') && current.isError && <p className="cf-error" role="alert">{errorMessage(current.error)}</p>}
      {columns && (
        <div className="dp-columns" data-testid="dp-columns">
          <p className="cf-help">
            {columns.length} {columns.length === 1 ? 'column' : 'columns'} in <span className="mono">{current.data!.path.split('/').pop()}</span>
            {current.data!.wholeFile ? '' : ` (types from its first ${current.data!.sampledRows} rows)`}:
          </p>
          <ul className="dp-colist" aria-label="Columns of the file">
            {columns.map((c) => (
              <li key={c.name}>
                <span className="mono">{c.name}</span> <span className="dp-type">{c.type}</span>
              </li>
            ))}
          </ul>
          {same ? (
            <p className="cf-help" role="status">
              These columns are declared.
            </p>
          ) : (
            <button type="button" className="primary" onClick={() => onChange(['columns'], declaredColumns(columns))}>
              {declared ? `Declare these ${columns.length} columns (replacing the declared ones)` : `Declare these ${columns.length} columns`}
            </button>
          )}
          {current.data!.kind !== kind && (
            <p className="cf-error" role="alert">
              This file is read by <code>{current.data!.kind}</code>, not <code>{kind}</code>.
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function FileBrowser({ kind, start, onPick }: { kind: string; start?: string; onPick(path: string): void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const roots = useQuery(trpc.data.roots.queryOptions());
  const firstRoot = roots.data?.roots.find((r) => r.exists)?.path;
  const [folder, setFolder] = useState<string | undefined>(start);
  const [file, setFile] = useState<string | undefined>();
  const [filter, setFilter] = useState('');
  const where = folder ?? firstRoot;
  const list = useQuery({ ...trpc.data.list.queryOptions({ path: where ?? '/' }), enabled: !!where, retry: false });
  const preview = useQuery({ ...trpc.data.preview.queryOptions({ path: file ?? '/', limit: 10 }), enabled: !!file, retry: false });

  if (roots.isError) return <p className="cf-error" role="alert">{errorMessage(roots.error)}</p>;
  if (!roots.data) return <p className="cf-help">Loading the data roots…</p>;
  const go = (p: string) => {
    setFolder(p);
    setFile(undefined);
    setFilter('');
  };
  const shown = list.data?.entries.filter((e) => e.name.toLowerCase().includes(filter.trim().toLowerCase())) ?? [];
  return (
    <div className="dp-browser" data-testid="dp-browser">
      <label className="dp-roots">
        <span>Data root</span>
        <select
          value={roots.data.roots.find((r) => where === r.path || where?.startsWith(r.path + '/'))?.path ?? ''}
          onChange={(e) => go(e.target.value)}
        >
          {roots.data.roots.map((r) => (
            <option key={r.path} value={r.path} disabled={!r.exists}>
              {r.path}
              {r.exists ? '' : ' (missing)'}
            </option>
          ))}
        </select>
      </label>
      <p className="dp-where mono" title={list.data?.path}>
        {list.data?.path ?? where}
      </p>
      <input
        type="search"
        className="cf-text"
        aria-label="Filter files by name"
        placeholder="Filter by name"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      {list.isError && <p className="cf-error" role="alert">{errorMessage(list.error)}</p>}
      {list.data && (
        <ul className="dp-list" aria-label="Files">
          {list.data.parent && (
            <li>
              <button type="button" className="dp-entry" onClick={() => go(list.data.parent!)}>
                <span className="dp-icon" aria-hidden="true">↑</span> ..
              </button>
            </li>
          )}
          {shown.map((e) => (
            <li key={e.path}>
              <button
                type="button"
                className={`dp-entry${file === e.path ? ' dp-selected' : ''}`}
                aria-pressed={e.kind === 'file' ? file === e.path : undefined}
                onClick={() => (e.kind === 'folder' ? go(e.path) : setFile(e.path))}
              >
                <span className="dp-icon" aria-hidden="true">{e.kind === 'folder' ? '▸' : '·'}</span>
                <span className="dp-name mono">{e.name}</span>
                {e.size !== null && <span className="dp-size">{formatBytes(e.size)}</span>}
              </button>
            </li>
          ))}
          {shown.length === 0 && <li className="cf-muted">{filter.trim() ? 'Nothing matches.' : 'No folders or data files here.'}</li>}
        </ul>
      )}
      {list.data && (list.data.hidden > 0 || list.data.truncated) && (
        <p className="cf-help">
          {list.data.hidden > 0 ? `${list.data.hidden} other ${list.data.hidden === 1 ? 'entry' : 'entries'} (not data files) not shown.` : ''}
          {list.data.truncated ? ' Only the first 1000 entries are shown.' : ''}
        </p>
      )}
      <Upload
        dir={roots.data.uploads.dir}
        maxBytes={roots.data.uploads.maxBytes}
        onDone={(p) => {
          void qc.invalidateQueries({ queryKey: trpc.data.list.queryKey() });
          go(p.slice(0, p.lastIndexOf('/')));
          setFile(p);
        }}
      />
      {file && preview.isError && <p className="cf-error" role="alert">{errorMessage(preview.error)}</p>}
      {file && preview.data && (
        <div className="dp-preview" data-testid="dp-preview">
          <p className="cf-help">
            <span className="mono">{file.split('/').pop()}</span> · {formatBytes(preview.data.size)} · {preview.data.columns.length} columns · read by{' '}
            <code>{preview.data.kind}</code>
          </p>
          <div className="dp-table-wrap">
            <table className="dp-table" aria-label="First rows">
              <thead>
                <tr>
                  {preview.data.columns.map((c) => (
                    <th key={c.name} scope="col">
                      <span className="mono">{c.name}</span>
                      <span className="dp-type">{c.type}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.data.rows.map((r, i) => (
                  <tr key={i}>
                    {preview.data.columns.map((c) => (
                      <td key={c.name} className={r[c.name] === null ? 'dp-null' : undefined}>
                        {r[c.name] === null ? 'null' : String(r[c.name])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.data.kind !== kind && (
            <p className="cf-error" role="alert">
              This file is read by <code>{preview.data.kind}</code>; this step is <code>{kind}</code>.
            </p>
          )}
          <button type="button" className="primary" onClick={() => onPick(preview.data.path)}>
            Use this file
          </button>
        </div>
      )}
    </div>
  );
}

function Upload({ dir, maxBytes, onDone }: { dir: string | null; maxBytes: number; onDone(path: string): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (!dir) return <p className="cf-help">Uploads are off: the platform&apos;s uploads folder is outside the data roots.</p>;
  const send = (f: File) => {
    setError(undefined);
    if (f.size > maxBytes) return setError(uploadTooLarge(f.name, f.size, maxBytes));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/data/upload?name=${encodeURIComponent(f.name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => setProgress({ name: f.name, loaded: e.loaded, total: e.lengthComputable ? e.total : f.size });
    xhr.onload = () => {
      setProgress(undefined);
      let body: { path?: string; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        /* not JSON: the status says it */
      }
      if (xhr.status === 201 && body.path) onDone(body.path);
      else setError(body.error ?? `the upload failed (HTTP ${xhr.status})`);
    };
    xhr.onerror = () => (setProgress(undefined), setError('the upload failed: the connection was lost'));
    setProgress({ name: f.name, loaded: 0, total: f.size });
    xhr.send(f);
  };
  return (
    <div className="dp-upload">
      <label className="dp-upload-label">
        <span>Upload a file</span>
        <input
          ref={input}
          type="file"
          accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson"
          disabled={!!progress}
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) send(f);
            if (input.current) input.current.value = '';
          }}
        />
      </label>
      <p className="cf-help">
        Up to {formatBytes(maxBytes)}, stored in <span className="mono">{dir}</span>.
      </p>
      {progress && (
        <div className="dp-progress">
          <progress value={progress.loaded} max={progress.total || 1} aria-label={`Uploading ${progress.name}`} />
          <span>
            Uploading <span className="mono">{progress.name}</span>: {formatBytes(progress.loaded)} of {formatBytes(progress.total)}
          </span>
        </div>
      )}
      {error && <p className="cf-error" role="alert">{error}</p>}
    </div>
  );
}
