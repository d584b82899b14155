// The lineage graph (docs/data.md, "Lineage"): source → tables → runs → model versions → endpoints, walked from
// one node upstream (what was this trained on: the tables a run read, back through the steps that made them, to
// the sources they were read from) and downstream (what did this feed: tables made from it, the runs that read
// them, the versions those runs registered, the endpoints serving them). The edges come from server/db/repo/lineage.ts.
import type { Lineage, LineageNode } from '../api/schemas/dataset';
import { findDataset } from '../db/repo/datasets';
import {
  consumptions, derivations, latestTableOf, modelVersionsBy, runsById, servingOf, sourceEdges, tablesById, type VersionFacts,
} from '../db/repo/lineage';
import type { Services } from './context';
import { resolveModelSpec } from './endpoints';
import { ServiceError } from './errors';

/** Past this many nodes the walk stops (`truncated`). */
export const LINEAGE_MAX_NODES = 400;

const SOURCE_KEY = /^(file|http|sql|glob):./;
const DATASET_KEY = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$/i;

export const nodeId = {
  source: (key: string) => `source:${key}`,
  table: (id: string) => `table:${id}`,
  run: (id: string) => `run:${id}`,
  model: (name: string, version: number) => `model:${name}@${version}`,
  endpoint: (name: string) => `endpoint:${name}`,
};

// The app's pages (app/_lib/links.ts; server/ does not import app/).
const href = {
  table: (id: string) => `/datasets/${id}`,
  run: (id: string) => `/runs/${id}`,
  model: (name: string, version: number) => `/models/${encodeURIComponent(name)}/versions/${version}`,
  endpoint: (name: string) => `/endpoints/${encodeURIComponent(name)}`,
};

const TYPE_ORDER: Record<LineageNode['type'], number> = { source: 0, table: 1, run: 2, modelVersion: 3, endpoint: 4 };

/** The graph as it is gathered: ids of each kind, and edges with the steps that made them. */
class Gathered {
  readonly sources = new Map<string, { kind: string; label: string }>();
  readonly tables = new Set<string>();
  readonly runs = new Set<string>();
  readonly versions = new Map<string, VersionFacts>();
  readonly endpoints = new Set<string>();
  readonly edges = new Map<string, { from: string; to: string; labels: Set<string> }>();

  get size(): number {
    return this.sources.size + this.tables.size + this.runs.size + this.versions.size + this.endpoints.size;
  }

  has(from: string, to: string): boolean {
    return this.edges.has(`${from}\u0000${to}`);
  }

  edge(from: string, to: string, labels: readonly string[]): void {
    const key = `${from}\u0000${to}`;
    const e = this.edges.get(key) ?? { from, to, labels: new Set<string>() };
    for (const l of labels) e.labels.add(l);
    this.edges.set(key, e);
  }
}

/** Adds `id` to `seen`; true when it is new (so it is walked on). */
function fresh(seen: Set<string>, id: string): boolean {
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

const modelNode = (v: VersionFacts) => nodeId.model(v.name, v.version);

/** Downstream: what the sources, tables, runs and versions fed. */
async function walkDown(svc: Services, g: Gathered, start: { sources?: string[]; tables?: string[]; runs?: string[]; versions?: VersionFacts[] }): Promise<boolean> {
  const seen = { sources: new Set(start.sources), tables: new Set(start.tables), runs: new Set(start.runs), versions: new Set(start.versions?.map((v) => v.id)) };
  let sources = start.sources ?? [];
  let tables = start.tables ?? [];
  let runs = start.runs ?? [];
  let versions = start.versions ?? [];
  while (sources.length + tables.length + runs.length + versions.length > 0) {
    if (g.size > LINEAGE_MAX_NODES) return true;
    const next = { tables: [] as string[], runs: [] as string[], versions: [] as VersionFacts[] };
    for (const e of await sourceEdges(svc.db, 'source', sources)) {
      g.sources.set(e.sourceKey, { kind: e.kind, label: e.label });
      g.tables.add(e.datasetId);
      g.edge(nodeId.source(e.sourceKey), nodeId.table(e.datasetId), e.stepIds);
      if (fresh(seen.tables, e.datasetId)) next.tables.push(e.datasetId);
    }
    for (const d of await derivations(svc.db, 'from', tables)) {
      g.tables.add(d.to);
      g.edge(nodeId.table(d.from), nodeId.table(d.to), d.stepIds);
      if (fresh(seen.tables, d.to)) next.tables.push(d.to);
    }
    for (const c of await consumptions(svc.db, 'table', tables)) {
      g.runs.add(c.runId);
      g.edge(nodeId.table(c.datasetId), nodeId.run(c.runId), c.stepIds);
      if (fresh(seen.runs, c.runId)) next.runs.push(c.runId);
    }
    // A version's training tables, where no step's read was recorded (a reused training step).
    for (const v of await modelVersionsBy(svc.db, 'table', tables)) {
      for (const t of v.trainedOn.filter((id) => tables.includes(id))) {
        if (v.runId) {
          if (!g.has(nodeId.table(t), nodeId.run(v.runId))) g.edge(nodeId.table(t), nodeId.run(v.runId), []);
          g.runs.add(v.runId);
          if (fresh(seen.runs, v.runId)) next.runs.push(v.runId);
        } else {
          g.versions.set(v.id, v);
          g.edge(nodeId.table(t), modelNode(v), []);
          if (fresh(seen.versions, v.id)) next.versions.push(v);
        }
      }
    }
    for (const v of await modelVersionsBy(svc.db, 'run', runs)) {
      g.versions.set(v.id, v);
      g.edge(nodeId.run(v.runId!), modelNode(v), [v.stepId ?? 'register']);
      if (fresh(seen.versions, v.id)) next.versions.push(v);
    }
    const byId = new Map(versions.map((v) => [v.id, v]));
    for (const s of await servingOf(svc.db, versions.map((v) => v.id))) {
      g.endpoints.add(s.endpoint);
      g.edge(modelNode(byId.get(s.modelVersionId)!), nodeId.endpoint(s.endpoint), [s.current ? 'serves' : 'served']);
    }
    sources = [];
    ({ tables, runs, versions } = next);
  }
  return false;
}

/** Upstream: what the versions, runs and tables were made from, back to their sources. */
async function walkUp(svc: Services, g: Gathered, start: { tables?: string[]; runs?: string[]; versions?: VersionFacts[] }): Promise<boolean> {
  const seen = { tables: new Set(start.tables), runs: new Set(start.runs) };
  let tables = start.tables ?? [];
  let runs = start.runs ?? [];
  let versions = start.versions ?? [];
  while (tables.length + runs.length + versions.length > 0) {
    if (g.size > LINEAGE_MAX_NODES) return true;
    const next = { tables: [] as string[], runs: [] as string[] };
    const trained = new Map<string, string[]>();
    for (const v of versions) {
      if (v.runId) {
        g.runs.add(v.runId);
        g.edge(nodeId.run(v.runId), modelNode(v), [v.stepId ?? 'register']);
        trained.set(v.runId, [...(trained.get(v.runId) ?? []), ...v.trainedOn]);
        if (fresh(seen.runs, v.runId)) next.runs.push(v.runId);
      } else {
        for (const t of v.trainedOn) {
          g.tables.add(t);
          g.edge(nodeId.table(t), modelNode(v), []);
          if (fresh(seen.tables, t)) next.tables.push(t);
        }
      }
    }
    for (const c of await consumptions(svc.db, 'run', runs)) {
      g.tables.add(c.datasetId);
      g.edge(nodeId.table(c.datasetId), nodeId.run(c.runId), c.stepIds);
      if (fresh(seen.tables, c.datasetId)) next.tables.push(c.datasetId);
    }
    for (const [runId, ids] of trained) {
      for (const t of ids) {
        if (g.has(nodeId.table(t), nodeId.run(runId))) continue;
        g.tables.add(t);
        g.edge(nodeId.table(t), nodeId.run(runId), []);
        if (fresh(seen.tables, t)) next.tables.push(t);
      }
    }
    for (const d of await derivations(svc.db, 'to', tables)) {
      g.tables.add(d.from);
      g.edge(nodeId.table(d.from), nodeId.table(d.to), d.stepIds);
      if (fresh(seen.tables, d.from)) next.tables.push(d.from);
    }
    for (const e of await sourceEdges(svc.db, 'table', tables)) {
      g.sources.set(e.sourceKey, { kind: e.kind, label: e.label });
      g.edge(nodeId.source(e.sourceKey), nodeId.table(e.datasetId), e.stepIds);
    }
    tables = next.tables;
    // A run reached from a version was walked with the version; one reached otherwise has no versions to bring.
    runs = next.runs;
    versions = [];
  }
  return false;
}

/** The nodes with their facts and links, and the edges, in a stable order. */
async function assemble(svc: Services, g: Gathered, root: string, truncated: boolean): Promise<Lineage> {
  const [tables, runs, latest] = await Promise.all([
    tablesById(svc.db, [...g.tables]),
    runsById(svc.db, [...g.runs]),
    latestTableOf(svc.db, [...g.sources.keys()]),
  ]);
  const nodes: LineageNode[] = [
    ...[...g.sources].map(([key, s]): LineageNode => ({
      id: nodeId.source(key), type: 'source', label: s.label, sourceKey: key, kind: s.kind,
      // A source's page is the page of the newest table it became, which lists all its versions.
      href: `${href.table(latest.get(key) ?? '')}#versions`,
    })),
    ...tables.map((t): LineageNode => ({
      id: nodeId.table(t.id), type: 'table', label: `table ${t.hash.slice(0, 12)}`, href: href.table(t.id),
      datasetId: t.id, hash: t.hash, rows: t.rows, columns: t.columns,
    })),
    ...runs.map((r): LineageNode => ({
      id: nodeId.run(r.id), type: 'run', label: `${r.pipeline} run ${r.id.slice(0, 8)}`, href: href.run(r.id),
      runId: r.id, pipeline: r.pipeline, status: r.status, createdAt: r.createdAt,
    })),
    ...[...g.versions.values()].map((v): LineageNode => ({
      id: modelNode(v), type: 'modelVersion', label: `${v.name} v${v.version}`, href: href.model(v.name, v.version),
      modelVersionId: v.id, name: v.name, version: v.version, stage: v.stage,
    })),
    ...[...g.endpoints].map((name): LineageNode => ({ id: nodeId.endpoint(name), type: 'endpoint', label: name, href: href.endpoint(name), name })),
  ].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
  const known = new Set(nodes.map((n) => n.id));
  const edges = [...g.edges.values()]
    .filter((e) => known.has(e.from) && known.has(e.to))
    .map((e) => ({ from: e.from, to: e.to, ...(e.labels.size > 0 && { label: [...e.labels].sort().join(', ') }) }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { root, nodes, edges, truncated };
}

/**
 * The lineage of a model version (`model`: MODEL@VERSION, @STAGE or @ALIAS) or of a dataset (`dataset`: its id,
 * its table's sha256, or a source key): upstream and downstream of it.
 */
export async function lineageOf(svc: Services, input: { model?: string; dataset?: string }): Promise<Lineage> {
  const g = new Gathered();
  if (input.model !== undefined) {
    const mv = await resolveModelSpec(svc, input.model);
    const [v] = await modelVersionsBy(svc.db, 'id', [mv.id]);
    g.versions.set(v.id, v);
    const up = await walkUp(svc, g, { versions: [v] });
    const down = await walkDown(svc, g, { versions: [v] });
    return assemble(svc, g, modelNode(v), up || down);
  }
  const ref = (input.dataset ?? '').trim();
  if (SOURCE_KEY.test(ref)) {
    const reads = await sourceEdges(svc.db, 'source', [ref]);
    if (reads.length === 0) throw new ServiceError('NOT_FOUND', `no source "${ref}" has been read`);
    g.sources.set(ref, { kind: reads[0].kind, label: reads[0].label });
    const down = await walkDown(svc, g, { sources: [ref] });
    return assemble(svc, g, nodeId.source(ref), down);
  }
  if (!DATASET_KEY.test(ref)) {
    throw new ServiceError('BAD_REQUEST', `"${ref}" is not a dataset: give its id, its table's sha256 or a source key (file:PATH, http:URL)`);
  }
  const d = await findDataset(svc.db, ref.toLowerCase());
  if (!d) throw new ServiceError('NOT_FOUND', `no dataset "${ref}"`);
  g.tables.add(d.id);
  const up = await walkUp(svc, g, { tables: [d.id] });
  const down = await walkDown(svc, g, { tables: [d.id] });
  return assemble(svc, g, nodeId.table(d.id), up || down);
}
