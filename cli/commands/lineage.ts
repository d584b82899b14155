// `lineage MODEL@VERSION|DATASET`: the lineage graph (dataset.lineage) of a model version, a dataset or a source —
// as a tree from its sources down to the endpoints, or with --json exactly what the API returns.
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim } from '../output';
import type { Remote } from '../remote';

type Lineage = Awaited<ReturnType<HeadraceClient['dataset']['lineage']['query']>>;
type Node = Lineage['nodes'][number];

const SOURCE_KEY = /^(file|http|sql|glob):./;

/** MODEL@VERSION (or @STAGE, @ALIAS) is a model version; a source key, a dataset id or a table's sha256 is a dataset. */
export function lineageInput(ref: string): { model: string } | { dataset: string } {
  return !SOURCE_KEY.test(ref) && ref.includes('@') ? { model: ref } : { dataset: ref };
}

export async function lineageCommand(ref: string, opts: Remote): Promise<number> {
  const graph = await connect(opts).dataset.lineage.query(lineageInput(ref));
  if (opts.json) {
    console.log(JSON.stringify(graph, null, 2));
    return EXIT.ok;
  }
  console.log(lineageTree(graph));
  return EXIT.ok;
}

const RANK: Record<Node['type'], number> = { source: 0, table: 1, run: 2, modelVersion: 3, endpoint: 4 };
const TYPE_WORD: Record<Node['type'], string> = { source: 'source', table: 'table', run: 'run', modelVersion: 'model', endpoint: 'endpoint' };

function describe(n: Node): string {
  switch (n.type) {
    case 'source':
      return `${bold(n.label)} ${dim(`(${n.kind})`)}`;
    case 'table':
      return `${n.hash.slice(0, 12)} ${dim(`${n.rows} rows × ${n.columns} columns`)}`;
    case 'run':
      return `${n.pipeline} ${n.runId.slice(0, 8)} ${dim(n.status)}`;
    case 'modelVersion':
      return `${bold(`${n.name} v${n.version}`)} ${dim(n.stage)}`;
    case 'endpoint':
      return bold(n.name);
  }
}

/**
 * The graph as trees from each node nothing leads to (the sources, usually), children along the edges; a node met
 * again is named with "(above)" and not expanded twice.
 */
export function lineageTree(g: Lineage): string {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const out = new Map<string, Array<{ to: string; label?: string }>>();
  const fed = new Set<string>();
  for (const e of g.edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e]);
    fed.add(e.to);
  }
  const root = byId.get(g.root);
  const lines = [`lineage of ${root ? `${TYPE_WORD[root.type]} ${root.label}` : g.root}: ${g.nodes.length} nodes, ${g.edges.length} edges${g.truncated ? ' (truncated)' : ''}`];
  const shown = new Set<string>();
  const walk = (id: string, prefix: string, last: boolean, via: string | undefined, top: boolean) => {
    const n = byId.get(id);
    if (!n) return;
    const branch = top ? '' : last ? '└─ ' : '├─ ';
    const again = shown.has(id);
    const mark = id === g.root ? ' ◀' : '';
    lines.push(`${prefix}${branch}${via ? dim(`${via} → `) : ''}${TYPE_WORD[n.type]} ${describe(n)}${again ? dim(' (above)') : mark}`);
    if (again) return;
    shown.add(id);
    // Tables first: a run is then expanded under the last table it read (train), not the first (validate).
    const children = [...(out.get(id) ?? [])].sort((a, b) => RANK[byId.get(a.to)?.type ?? 'endpoint'] - RANK[byId.get(b.to)?.type ?? 'endpoint']);
    const inner = top ? prefix : `${prefix}${last ? '   ' : '│  '}`;
    children.forEach((c, i) => walk(c.to, inner, i === children.length - 1, c.label, false));
  };
  for (const n of g.nodes) if (!fed.has(n.id)) walk(n.id, '', true, undefined, true);
  // A cycle would leave nodes unreached from any start: list them too.
  for (const n of g.nodes) if (!shown.has(n.id)) walk(n.id, '', true, undefined, true);
  return lines.join('\n');
}
