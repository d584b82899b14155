// After `headrace start` runs the example: each endpoint the run deployed is asked for one prediction on the
// predict server (a row of the run's own data), and the curl line that does the same is printed.
import { request } from 'node:http';
import { tableFromIPC } from 'apache-arrow';
import type { ArtifactRef } from '../../dsl/refs';
import type { ArtifactStore } from '../../server/artifacts/store';
import type { Db } from '../../server/db/client';
import { endpointStates } from '../../server/db/repo/endpoints';
import { getRun } from '../../server/db/repo/runs';

export interface EndpointDemo {
  endpoint: string;
  row: Record<string, unknown>;
  curl: string;
  /** The prediction's label and the model version that answered, or why it did not answer. */
  answer?: { label: string; probability?: number; model: string; version: number };
  error?: string;
}

/** The endpoints a run's steps deployed (their Deployment outputs), in step order. */
async function deployedEndpoints(db: Db, runId: string): Promise<{ endpoints: string[]; tables: string[] }> {
  const run = await getRun(db, runId);
  const refs = (run?.steps ?? []).filter((s) => s.status === 'succeeded').flatMap((s) => Object.values((s.outputs ?? {}) as Record<string, ArtifactRef>));
  return {
    endpoints: [...new Set(refs.flatMap((r) => (r?.type === 'Deployment' ? [r.endpoint] : [])))],
    tables: refs.flatMap((r) => (r?.type === 'Table' ? [r.uri] : [])),
  };
}

/** The first row of one of the run's tables that has every feature, non-null. */
async function sampleRow(store: ArtifactStore, tables: string[], features: string[]): Promise<Record<string, unknown> | undefined> {
  for (const uri of tables) {
    const table = tableFromIPC(await store.get(uri));
    const names = table.schema.fields.map((f) => f.name);
    if (!features.every((f) => names.includes(f))) continue;
    for (let i = 0; i < Math.min(table.numRows, 100); i++) {
      const row = table.get(i) as Record<string, unknown> | null;
      if (!row) continue;
      const values = features.map((f) => (typeof row[f] === 'bigint' ? Number(row[f]) : row[f]));
      if (values.every((v) => v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v)))) {
        return Object.fromEntries(features.map((f, j) => [f, values[j]]));
      }
    }
  }
  return undefined;
}

/** The curl line calling an endpoint's plain predict route with one row. */
export function curlLine(serveUrl: string, endpoint: string, row: Record<string, unknown>): string {
  const body = JSON.stringify({ rows: [row] }).replaceAll("'", "'\\''");
  return `curl -s ${serveUrl}/v1/endpoints/${endpoint}/predict -H 'content-type: application/json' -d '${body}'`;
}

/**
 * One HTTP call with node:http and a timeout. Not the global fetch: in the launcher's process the web app's
 * Next.js server replaces it with its own, made for requests it is rendering.
 */
function call(url: string, body?: unknown, timeoutMs = 10_000): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, {
      method: data === undefined ? 'GET' : 'POST',
      headers: data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      timeout: timeoutMs,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(data);
  });
}

async function waitReady(serveUrl: string, endpoint: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const res = await call(`${serveUrl}/v2/models/${endpoint}/ready`, undefined, 2000).catch(() => undefined);
    if (res && res.status >= 200 && res.status < 300) return;
    if (Date.now() > until) throw new Error(`endpoint ${endpoint} was not ready on ${serveUrl} within ${deadlineMs / 1000} s${res ? ` (last answer ${res.status})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One prediction per endpoint the run deployed, once the predict server has loaded it. */
export async function demoEndpoints(deps: { db: Db; store: ArtifactStore; serveUrl: string }, runId: string, deadlineMs = 30_000): Promise<EndpointDemo[]> {
  const { endpoints, tables } = await deployedEndpoints(deps.db, runId);
  const states = new Map((await endpointStates(deps.db, endpoints)).map((s) => [s.name, s]));
  const out: EndpointDemo[] = [];
  for (const endpoint of endpoints) {
    const variant = states.get(endpoint)?.deployment?.variants.find((v) => v.role !== 'shadow');
    const features = (variant?.signature as { features?: string[] } | undefined)?.features ?? [];
    const row = (await sampleRow(deps.store, tables, features)) ?? Object.fromEntries(features.map((f) => [f, 0]));
    const demo: EndpointDemo = { endpoint, row, curl: curlLine(deps.serveUrl, endpoint, row) };
    try {
      await waitReady(deps.serveUrl, endpoint, deadlineMs);
      const res = await call(`${deps.serveUrl}/v1/endpoints/${endpoint}/predict`, { rows: [row] });
      const body = (res.json ?? {}) as { error?: string; predictions?: Array<{ label: string; probabilities?: Record<string, number> }>; model?: { name: string; version: number } };
      if (res.status !== 200 || !body.predictions?.[0] || !body.model) throw new Error(body.error ?? `answered ${res.status}`);
      const p = body.predictions[0];
      demo.answer = { label: String(p.label), probability: p.probabilities?.[String(p.label)], model: body.model.name, version: body.model.version };
    } catch (err) {
      demo.error = (err as Error).message;
    }
    out.push(demo);
  }
  return out;
}
