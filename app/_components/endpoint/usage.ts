// What the endpoint pages print: numbers of the serving windows, and the usage snippets that call an endpoint
// (plain predict and Open Inference Protocol V2) from curl, Python requests and TypeScript fetch.

export type Lang = 'curl' | 'python' | 'typescript';
export type Route = 'predict' | 'v2';

export const LANGS: Array<{ id: Lang; label: string }> = [
  { id: 'curl', label: 'curl' },
  { id: 'python', label: 'Python requests' },
  { id: 'typescript', label: 'TypeScript fetch' },
];
export const ROUTES: Array<{ id: Route; label: string }> = [
  { id: 'predict', label: 'Plain predict' },
  { id: 'v2', label: 'V2 infer' },
];

export interface Feature {
  name: string;
  /** number, integer or boolean (anything else is read as a number by the predict server). */
  type: string;
}

/** A value each feature can take when no example row is at hand. */
export function placeholderRow(features: Feature[]): Record<string, unknown> {
  return Object.fromEntries(features.map((f) => [f.name, f.type === 'boolean' ? false : 0]));
}

/** The first row of `rows` holding a usable value for every feature, reduced to the features. */
export function exampleRow(features: Feature[], rows: Array<Record<string, unknown>>): Record<string, unknown> | undefined {
  for (const r of rows) {
    const ok = features.every((f) => {
      const v = r[f.name];
      return f.type === 'boolean' ? typeof v === 'boolean' : typeof v === 'number' && Number.isFinite(v) && (f.type !== 'integer' || Number.isInteger(v));
    });
    if (ok) return Object.fromEntries(features.map((f) => [f.name, r[f.name]]));
  }
  return undefined;
}

const v2Datatype = (type: string) => (type === 'integer' ? 'INT64' : type === 'boolean' ? 'BOOL' : 'FP32');

/** The route's URL and JSON body for one row. */
export function request(route: Route, serveUrl: string, endpoint: string, features: Feature[], row: Record<string, unknown>): { url: string; body: unknown } {
  const base = serveUrl.replace(/\/+$/, '');
  const name = encodeURIComponent(endpoint);
  if (route === 'predict') return { url: `${base}/v1/endpoints/${name}/predict`, body: { rows: [row] } };
  return {
    url: `${base}/v2/models/${name}/infer`,
    body: { inputs: features.map((f) => ({ name: f.name, datatype: v2Datatype(f.type), shape: [1], data: [row[f.name]] })) },
  };
}

const pyLiteral = (json: string) => json.replace(/\btrue\b/g, 'True').replace(/\bfalse\b/g, 'False').replace(/\bnull\b/g, 'None');

/** The snippet calling `route` in `lang`; `token`: the endpoint requires a bearer token (read from HEADRACE_TOKEN). */
export function snippet(lang: Lang, route: Route, opts: { serveUrl: string; endpoint: string; features: Feature[]; row: Record<string, unknown>; token: boolean }): string {
  const { url, body } = request(route, opts.serveUrl, opts.endpoint, opts.features, opts.row);
  const json = JSON.stringify(body, null, 2);
  const read = route === 'predict' ? 'predictions' : 'outputs';
  if (lang === 'curl') {
    const auth = opts.token ? ` \\\n  -H "authorization: Bearer $HEADRACE_TOKEN"` : '';
    return `curl -s ${url} \\\n  -H 'content-type: application/json'${auth} \\\n  -d '${json.replaceAll("'", "'\\''")}'`;
  }
  if (lang === 'python') {
    const headers = opts.token ? `,\n    headers={"authorization": f"Bearer {os.environ['HEADRACE_TOKEN']}"}` : '';
    return [
      ...(opts.token ? ['import os', ''] : []),
      'import requests',
      '',
      `body = ${pyLiteral(json)}`,
      `res = requests.post(\n    "${url}",\n    json=body${headers},\n    timeout=10,\n)`,
      'res.raise_for_status()',
      `print(res.json()["${read}"])`,
    ].join('\n');
  }
  const headers = opts.token ? `{ 'content-type': 'application/json', authorization: \`Bearer \${process.env.HEADRACE_TOKEN}\` }` : `{ 'content-type': 'application/json' }`;
  return [
    `const body = ${json};`,
    `const res = await fetch('${url}', {`,
    `  method: 'POST',`,
    `  headers: ${headers},`,
    `  body: JSON.stringify(body),`,
    `});`,
    `if (!res.ok) throw new Error(\`\${res.status}: \${await res.text()}\`);`,
    `const { ${read} } = await res.json();`,
    `console.log(${read});`,
  ].join('\n');
}

/** Requests per second, short. */
export function formatRps(rps: number): string {
  if (rps === 0) return '0';
  if (rps < 0.1) return rps.toFixed(3);
  if (rps < 10) return rps.toFixed(2);
  if (rps < 1000) return rps.toFixed(1);
  return Math.round(rps).toLocaleString('en-US');
}

/**
 * A latency percentile of the serving windows (a histogram bucket's upper bound): "≤ 2 ms"; null with requests
 * means above the last bound; without requests, a dash.
 */
export function formatLatency(ms: number | null, requests: number): string {
  if (requests === 0) return '—';
  if (ms === null) return '> 10 s';
  return ms < 1 ? `≤ ${ms} ms` : ms >= 1000 ? `≤ ${ms / 1000} s` : `≤ ${ms} ms`;
}

export function formatPercent(share: number | null, digits = 1): string {
  return share === null ? '—' : `${(share * 100).toFixed(digits)} %`;
}

export function formatSignedMs(ms: number | null): string {
  if (ms === null) return '—';
  return `${ms > 0 ? '+' : ms < 0 ? '−' : '±'}${Math.abs(ms).toFixed(2)} ms`;
}
