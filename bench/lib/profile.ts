// A sampled CPU profile of the page's main thread (CDP), summed by where the time went: per script chunk,
// each chunk named by the libraries found in it, and per function. Used by `--profile` to tell what dominates.
import type { CDPSession, Page } from 'playwright-core';

const MARKERS: [string, RegExp][] = [
  ['elkjs', /org\.eclipse\.elk/],
  ['monaco', /monaco-editor|vs\/editor/],
  ['monaco-yaml', /monaco-yaml/],
  ['xyflow', /react-flow__/],
  ['react-dom', /__reactContainer|react-dom/],
  ['yaml', /YAMLMap|YAMLSeq/],
  ['zod', /ZodError|\$ZodType/],
  ['headrace dsl', /did you mean|headrace: 1|unknown step kind/],
  ['headrace editor', /headrace:layout:/],
];

export interface Hotspot {
  where: string;
  ms: number;
}

export async function startProfile(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  return cdp;
}

export async function stopProfile(cdp: CDPSession, page: Page): Promise<{ chunks: Hotspot[]; functions: Hotspot[]; totalMs: number }> {
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  const self = new Map<number, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0) / 1000));
  const libs = new Map<string, string>();
  for (const url of new Set(profile.nodes.map((n) => n.callFrame.url).filter((u) => u.includes('/_next/')))) {
    const text = await page.evaluate(`fetch(${JSON.stringify(url)}).then((r) => r.text()).catch(() => '')`).catch(() => '');
    const found = MARKERS.filter(([, re]) => re.test(String(text))).map(([name]) => name);
    libs.set(url, found.length ? found.join('+') : 'other');
  }
  const byChunk = new Map<string, number>();
  const byFn = new Map<string, number>();
  let totalMs = 0;
  for (const n of profile.nodes) {
    const t = self.get(n.id) ?? 0;
    if (!t || n.callFrame.functionName === '(idle)') continue;
    totalMs += t;
    const url = n.callFrame.url;
    const file = url ? url.slice(url.lastIndexOf('/') + 1) : '';
    const chunk = url ? `${file} [${libs.get(url) ?? 'other'}]` : n.callFrame.functionName || '(native)';
    byChunk.set(chunk, (byChunk.get(chunk) ?? 0) + t);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
  }
  const top = (m: Map<string, number>, k: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([where, ms]) => ({ where, ms }));
  return { chunks: top(byChunk, 10), functions: top(byFn, 12), totalMs };
}

/** Prints the profile and returns a one-line summary (the five heaviest chunks) for the docs. */
export function printProfile(title: string, p: { chunks: Hotspot[]; functions: Hotspot[]; totalMs: number }, per = 1): string {
  console.log(`  profile: ${title} — ${(p.totalMs / per).toFixed(0)} ms busy${per > 1 ? ` per repetition (of ${per})` : ''}`);
  for (const h of p.chunks) console.log(`    ${(h.ms / per).toFixed(1).padStart(7)} ms  ${h.where}`);
  console.log('    top functions (self time):');
  for (const h of p.functions) console.log(`    ${(h.ms / per).toFixed(1).padStart(7)} ms  ${h.where}`);
  const top = p.chunks.slice(0, 5).map((h) => `${h.where.replace(/^\S+\.js \[(.+)\]$/, '$1')} ${(h.ms / per).toFixed(0)}`);
  return `${title}: ${(p.totalMs / per).toFixed(0)} ms busy${per > 1 ? ' per keystroke' : ''} — ${top.join(', ')} ms`;
}
