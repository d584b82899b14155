// Headrace's side of the ingest bench, run as its own child process (so its peak memory is its own):
// the code path of the ingest.csv and validate.table activities (workers/activities/ingest.ts and
// validate.ts) without the database rows: ingestCsv → writeTable into a fresh artifact store →
// readTable back → validateTable → the report stored as JSON. Prints one JSON line with the seconds of
// each stage, measured inside the process (Node start-up is not counted, as the anchor does
// not count Python's imports).
//
// Usage: node --import tsx bench/lib/ingest-side.ts CSV [--profile] (the bench runs it bundled: bench/lib/bundled.ts)
// With --profile it also samples the CPU (node:inspector) and adds the top functions by self time.
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalArtifactStore, putJson } from '../../server/artifacts/store';
import { ingestCsv } from '../../workers/compute/data/ingest';
import { readTable, writeTable } from '../../workers/compute/data/table';
import { validateTable } from '../../workers/compute/data/validate';
import { ingestConfig, validateConfig } from './csvgen';

export interface OursResult {
  rows: number;
  seconds: number;
  stages: Record<'ingest' | 'write' | 'read' | 'validate' | 'report', number>;
  typeErrors: number;
  failedRules: string[];
  hotspots?: { where: string; ms: number }[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** Self time per function of a CPU profile, largest first. */
function hotspots(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, top = 15): { where: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    // No line numbers: tsx's transpiled modules report every function at line 1.
    const where = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(server|node_modules)\//, '$1/')}`.trim();
    self.set(where, (self.get(where) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  return [...self].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms).slice(0, top);
}

async function main(): Promise<void> {
  const [path, flag] = process.argv.slice(2);
  if (!path) throw new Error('usage: ingest-side.ts CSV [--profile]');
  const profile = flag === '--profile';
  const session = profile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const dir = mkdtempSync(join(tmpdir(), 'headrace-bench-ingest-'));
  try {
    const store = new LocalArtifactStore(dir);
    const t0 = performance.now();
    let ingested: Awaited<ReturnType<typeof ingestCsv>> | undefined = await ingestCsv(path, ingestConfig());
    const { summary } = ingested;
    const t1 = performance.now();
    const ref = await writeTable(store, ingested.table);
    // The ingest.csv activity ends here: its table is gone before validate.table reads the stored one back.
    ingested = undefined;
    const t2 = performance.now();
    const stored = await readTable(store, ref);
    const t3 = performance.now();
    const report = validateTable(stored, validateConfig());
    const t4 = performance.now();
    await putJson(store, report);
    const t5 = performance.now();
    const s = (ms: number) => ms / 1000;
    const result: OursResult = {
      rows: report.rows,
      seconds: s(t5 - t0),
      stages: { ingest: s(t1 - t0), write: s(t2 - t1), read: s(t3 - t2), validate: s(t4 - t3), report: s(t5 - t4) },
      typeErrors: summary.columns.reduce((n, c) => n + c.typeErrors.count, 0),
      failedRules: report.rules.filter((r) => !r.ok).map((r) => `${r.column ?? '(table)'}:${r.rule}`),
    };
    if (session) {
      const { profile: p } = await session.post('Profiler.stop');
      result.hotspots = hotspots(p as unknown as Parameters<typeof hotspots>[0]);
    }
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
