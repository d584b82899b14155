'use client';
// How to call the endpoint: the plain predict route or the V2 infer route, from curl, Python requests or
// TypeScript fetch, with a row of the model's training data as the example (zeros when it cannot be read).
import { useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent } from 'react';
import { useTRPC } from '../../_lib/trpc';
import type { Deployment } from './types';
import { exampleRow, LANGS, placeholderRow, ROUTES, snippet, type Feature, type Lang, type Route } from './usage';

export function UsagePanel({ endpoint, deployment, requireToken, serveUrl }: { endpoint: string; deployment: Deployment; requireToken: boolean; serveUrl: string | undefined }) {
  const trpc = useTRPC();
  const primary = deployment.variants.find((v) => v.role === 'primary') ?? deployment.variants[0];
  const version = useQuery(trpc.model.version.queryOptions({ name: primary.model, version: primary.version }, { staleTime: 60_000 }));
  const features: Feature[] = version.data
    ? version.data.features.length > 0
      ? version.data.features
      : ((version.data.signature as { features?: unknown } | null)?.features as string[] | undefined ?? []).map((name) => ({ name: String(name), type: 'number' }))
    : [];
  const dataset = version.data?.trainingDatasets[0];
  const preview = useQuery(trpc.dataset.preview.queryOptions({ id: dataset ?? '0'.repeat(64), limit: 20 }, { enabled: dataset !== undefined, staleTime: 300_000, retry: false }));
  const row = exampleRow(features, preview.data?.rows ?? []) ?? placeholderRow(features);
  const [lang, setLang] = useState<Lang>('curl');
  const [route, setRoute] = useState<Route>('predict');
  const onKey = (e: KeyboardEvent) => {
    const i = LANGS.findIndex((l) => l.id === lang);
    if (e.key === 'ArrowRight') setLang(LANGS[(i + 1) % LANGS.length].id);
    if (e.key === 'ArrowLeft') setLang(LANGS[(i + LANGS.length - 1) % LANGS.length].id);
  };
  const ready = version.data !== undefined && serveUrl !== undefined;
  const text = ready ? snippet(lang, route, { serveUrl, endpoint, features, row, token: requireToken }) : '';
  return (
    <section aria-labelledby="usage-heading" data-testid="usage">
      <h2 id="usage-heading">Call it</h2>
      <div className="usage-bar">
        <div role="tablist" aria-label="Language" onKeyDown={onKey} className="tabs">
          {LANGS.map((l) => (
            <button key={l.id} type="button" role="tab" id={`usage-tab-${l.id}`} aria-selected={lang === l.id} aria-controls="usage-snippet" tabIndex={lang === l.id ? 0 : -1} onClick={() => setLang(l.id)}>
              {l.label}
            </button>
          ))}
        </div>
        <div role="radiogroup" aria-label="Route" className="segmented">
          {ROUTES.map((r) => (
            <button key={r.id} type="button" role="radio" aria-checked={route === r.id} onClick={() => setRoute(r.id)}>
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <div role="tabpanel" id="usage-snippet" aria-labelledby={`usage-tab-${lang}`} className="snippet">
        <pre data-testid="usage-snippet">
          <code>{ready ? text : 'Loading…'}</code>
        </pre>
        <CopyButton text={text} />
      </div>
      <p className="small muted">
        The predict server is <code>{serveUrl ?? '…'}</code> (<code>HEADRACE_SERVE_URL</code>).{' '}
        {requireToken ? (
          <>
            This endpoint needs a token with the <code>predict</code> scope in <code>HEADRACE_TOKEN</code>.
          </>
        ) : (
          'This endpoint needs no token.'
        )}{' '}
        MLflow&apos;s scoring JSON is served on <code>/v1/endpoints/{endpoint}/invocations</code>.
      </p>
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="copy"
      disabled={text === ''}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
