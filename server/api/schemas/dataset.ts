// Output shapes of dataset.*.
import { z } from 'zod';
import { isoDate } from './date';

const Column = z.object({ name: z.string(), type: z.string() });

export const DatasetOut = z.object({
  id: z.string().uuid(),
  /** sha256 of the stored table (content address). */
  hash: z.string(),
  uri: z.string(),
  format: z.string(),
  schema: z.array(Column),
  /** Row count. */
  rows: z.number().int(),
  /** The run step that first wrote it. */
  runId: z.string().uuid().nullable(),
  stepId: z.string().nullable(),
  createdAt: isoDate(),
});

export const DatasetPage = z.object({ items: z.array(DatasetOut), nextCursor: z.string().nullable() });

export const DatasetDetail = DatasetOut.extend({
  profile: z.unknown(),
  /** Every run step that read or wrote it. */
  uses: z.array(z.object({
    runId: z.string().uuid(), stepId: z.string(), direction: z.enum(['read', 'wrote']), at: isoDate(), pipeline: z.string(), runStatus: z.string(),
  })),
  /** Model versions trained on it. */
  models: z.array(z.object({ id: z.string().uuid(), name: z.string(), version: z.number().int(), stage: z.string(), runId: z.string().uuid().nullable() })),
});

/** A dataset's id, or the sha256 of its table (what a run's table outputs carry). */
export const DatasetKey = z.string().regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$/i, 'a dataset id or the sha256 of its table');

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const DatasetPreview = z.object({
  id: z.string().uuid(),
  /** Rows in the whole table. */
  total: z.number().int(),
  /** Per-column statistics over every row. */
  columns: z.array(z.object({
    name: z.string(),
    type: z.enum(['number', 'integer', 'boolean', 'date', 'string']),
    nulls: z.number().int(),
    min: z.union([z.number(), z.string()]).nullable(),
    max: z.union([z.number(), z.string()]).nullable(),
    mean: z.number().nullable(),
    distinct: z.number().int(),
    distinctExact: z.boolean(),
    histogram: z.array(z.object({ lo: z.number(), hi: z.number(), count: z.number().int() })).nullable(),
    top: z.array(z.object({ value: z.string(), count: z.number().int() })).nullable(),
  })),
  /** The first `limit` rows, keyed by column name (dates as ISO strings). */
  rows: z.array(z.record(z.string(), Cell)),
});

// --- sources, their versions, comparisons and lineage (docs/data.md, "Versions" and "Lineage") -------------------

/** How a source is known across reads: `file:PATH`, `http:URL` (no query string), `sql:CONNECTION:SHA256(QUERY)`, `glob:PATTERN`. */
export const SourceKey = z.string().regex(/^(file|http|sql|glob):.+/, 'a source key: file:PATH, http:URL, sql:… or glob:PATTERN');

export const SourceSummary = z.object({
  sourceKey: z.string(),
  /** The step kind of its latest read (ingest.csv, ingest.http…). */
  kind: z.string(),
  label: z.string(),
  /** Distinct tables it became. */
  versions: z.number().int(),
  reads: z.number().int(),
  firstReadAt: isoDate(),
  lastReadAt: isoDate(),
  latest: z.object({ datasetId: z.string().uuid(), hash: z.string(), rows: z.number().int(), bytes: z.number().nullable() }),
});

export const SourceVersion = z.object({
  /** 1 for the first table the source became, in the order first read. */
  version: z.number().int(),
  datasetId: z.string().uuid(),
  /** sha256 of the table. */
  hash: z.string(),
  rows: z.number().int(),
  columns: z.number().int(),
  /** What the latest read of this version saw: bytes, the sha256 of those bytes, modification time, ETag. */
  bytes: z.number().nullable(),
  contentHash: z.string().nullable(),
  modifiedAt: isoDate().nullable(),
  etag: z.string().nullable(),
  firstReadAt: isoDate(),
  lastReadAt: isoDate(),
  /** Every run step that read it from the source. */
  runs: z.array(z.object({ runId: z.string().uuid(), stepId: z.string(), at: isoDate(), pipeline: z.string(), runStatus: z.string() })),
});

export const SourceVersions = z.object({
  sourceKey: z.string(),
  kind: z.string(),
  label: z.string(),
  /** Newest first. */
  versions: z.array(SourceVersion),
});

/** A source by its key, or the source a dataset was read from. */
export const VersionsInput = z.object({ source: SourceKey.optional(), dataset: DatasetKey.optional() })
  .refine((i) => (i.source === undefined) !== (i.dataset === undefined), { message: 'give either source or dataset', path: ['source'] });

const Figures = z.object({
  nulls: z.number().int(),
  min: z.union([z.number(), z.string()]).nullable(),
  max: z.union([z.number(), z.string()]).nullable(),
  mean: z.number().nullable(),
  distinct: z.number().int(),
});

const ComparedSide = z.object({ id: z.string().uuid(), hash: z.string(), rows: z.number().int(), createdAt: isoDate() });

export const DatasetComparison = z.object({
  a: ComparedSide,
  b: ComparedSide,
  /** Columns added, removed or retyped from a to b. */
  schemaChanged: z.boolean(),
  /** b's columns in its order, then those only a has. */
  columns: z.array(z.object({
    name: z.string(),
    change: z.enum(['added', 'removed', 'retyped', 'same']),
    typeA: z.string().nullable(),
    typeB: z.string().nullable(),
    a: Figures.nullable(),
    b: Figures.nullable(),
    /** The figures that differ (nulls, min, max, mean, distinct), for a column both have. */
    differs: z.array(z.enum(['nulls', 'min', 'max', 'mean', 'distinct'])),
  })),
});

const NodeBase = z.object({ id: z.string(), label: z.string(), href: z.string() });

export const LineageNode = z.discriminatedUnion('type', [
  NodeBase.extend({ type: z.literal('source'), sourceKey: z.string(), kind: z.string() }),
  NodeBase.extend({ type: z.literal('table'), datasetId: z.string().uuid(), hash: z.string(), rows: z.number().int(), columns: z.number().int() }),
  NodeBase.extend({ type: z.literal('run'), runId: z.string().uuid(), pipeline: z.string(), status: z.string(), createdAt: isoDate() }),
  NodeBase.extend({ type: z.literal('modelVersion'), modelVersionId: z.string().uuid(), name: z.string(), version: z.number().int(), stage: z.string() }),
  NodeBase.extend({ type: z.literal('endpoint'), name: z.string() }),
]);

export const Lineage = z.object({
  /** The node asked about. */
  root: z.string(),
  nodes: z.array(LineageNode),
  /** `label`: the steps that made the link (ingest, split, train), `register`, `serves` or `served`. */
  edges: z.array(z.object({ from: z.string(), to: z.string(), label: z.string().optional() })),
  /** More than the node limit was reachable; the graph stops there. */
  truncated: z.boolean(),
});
export type Lineage = z.infer<typeof Lineage>;
export type LineageNode = z.infer<typeof LineageNode>;

/** `model`: MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS; `dataset`: a dataset id, a table's sha256 or a source key. */
export const LineageInput = z.object({ model: z.string().min(1).max(300).optional(), dataset: z.string().min(1).max(4000).optional() })
  .refine((i) => (i.model === undefined) !== (i.dataset === undefined), { message: 'give either model or dataset', path: ['model'] });
