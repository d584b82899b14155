// What the edit page hands the editor from the server: the latest version's source and its layout (stored with
// the version, or elk's now), so the browser opens a laid-out canvas without a round trip after hydration and
// without loading elk at all.
// The read goes through the app's own API with the caller's credentials, so it is authorized like any other.
import { headers } from 'next/headers';
import superjson from 'superjson';
import { projectGraph } from '../../dsl';
import { layoutGraph } from './layout';
import type { Positions } from './store';

export interface EditorInitial {
  source: string;
  version: number;
  baseDir?: string;
  origin?: string;
  /** elk's layout for the default view shape; saved manual positions in the browser take precedence. */
  positions: Positions;
}

/** The API's own address inside the launcher's process (set once the HTTP server listens). */
const apiUrl = () => process.env.HEADRACE_INTERNAL_URL;

/** null when the page should fall back to loading in the browser (no API in this process, or any failure there). */
export async function loadEditorInitial(name: string): Promise<EditorInitial | null> {
  const base = apiUrl();
  if (!base) return null;
  const incoming = await headers();
  const forward: Record<string, string> = {};
  for (const h of ['cookie', 'authorization']) {
    const v = incoming.get(h);
    if (v) forward[h] = v;
  }
  const input = encodeURIComponent(JSON.stringify(superjson.serialize({ name })));
  const res = await fetch(`${base}/api/trpc/pipeline.get?input=${input}`, { headers: forward, cache: 'no-store' }).catch((err: unknown) => {
    // The page still opens: the browser-side query asks again and shows its error. Log why the server could not.
    console.warn(`edit page: could not preload pipeline "${name}": ${err instanceof Error ? err.message : String(err)}`);
    return null;
  });
  // Errors (not found, unauthorized) are shown by the browser-side query, which has the UI for them.
  if (!res?.ok) return null;
  const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
  const found = superjson.deserialize(body.result.data) as {
    version: { version: number; source: string; origin: string | null; plan: { baseDir?: string } | null; layout: Positions | null };
  };
  const graph = projectGraph(found.version.source).graph;
  const stored = found.version.layout;
  // The layout stored with the version (computed after its save); elk here only when it is not there yet.
  const positions = !graph || graph.nodes.length === 0 ? {} : stored && graph.nodes.every((n) => stored[n.id]) ? stored : await layoutGraph(graph);
  return {
    source: found.version.source,
    version: found.version.version,
    baseDir: found.version.plan?.baseDir,
    origin: found.version.origin ?? undefined,
    positions,
  };
}
