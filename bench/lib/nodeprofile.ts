// A sampled CPU profile of this process's main thread (node:inspector), summed by where the time went: groups
// of code named by the package or project folder their file is in. The orchestration bench uses it to say what
// our overhead is made of.
import { Session } from 'node:inspector/promises';

export interface ProfileSummary {
  /** Sampled busy time (not idle), ms. */
  busyMs: number;
  groups: { group: string; ms: number }[];
}

function groupOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/(dsl|workers|server|bench|cli)\//.exec(url)?.[1];
  return own ? `headrace ${own}/` : 'other';
}

export async function profiled<T>(fn: () => Promise<T>): Promise<{ result: T; profile: ProfileSummary }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const outcome = await fn().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (!outcome.ok) throw outcome.error;
  const result = outcome.value;
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000));
  const groups = new Map<string, number>();
  let busyMs = 0;
  for (const n of profile.nodes) {
    const t = self.get(n.id) ?? 0;
    if (!t || n.callFrame.functionName === '(idle)') continue;
    busyMs += t;
    const g = groupOf(n.callFrame.url, n.callFrame.functionName);
    groups.set(g, (groups.get(g) ?? 0) + t);
  }
  return {
    result,
    profile: { busyMs, groups: [...groups.entries()].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms) },
  };
}
