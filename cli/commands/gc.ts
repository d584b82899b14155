// `headrace gc [--dry-run] [--older-than DURATION] [--json]` (admin): removes the artifacts nothing in the database
// references from the platform's artifact store, through the API (admin.gc), so it works the same against a
// shared deployment as on the embedded one (docs/decisions.md, "Artifact garbage collection").
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, table } from '../output';
import type { Remote } from '../remote';

export interface GcOptions extends Remote {
  dryRun?: boolean;
  olderThan?: string;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export async function gcCommand(opts: GcOptions): Promise<number> {
  const r = await connect(opts).admin.gc.mutate({ dryRun: opts.dryRun === true, ...(opts.olderThan ? { olderThan: opts.olderThan } : {}) });
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return EXIT.ok;
  }
  if (r.removed.length > 0) {
    const rows = [['ARTIFACT', 'SIZE', 'WRITTEN']];
    for (const a of r.removed) rows.push([a.uri, bytes(a.size), new Date(a.modified).toISOString().replace(/\.\d+Z$/, 'Z')]);
    console.log(table(rows));
  }
  const verb = r.dryRun ? 'would remove' : 'removed';
  console.log(`${bold(`${verb} ${r.removed.length} ${r.removed.length === 1 ? 'artifact' : 'artifacts'}`)} (${bytes(r.removedBytes)}) of ${r.stored.count} stored (${bytes(r.stored.bytes)})`);
  console.log(dim(`kept ${r.kept.referenced} referenced and ${r.kept.recent} written since ${new Date(r.cutoff).toISOString()} (${bytes(r.kept.bytes)})`));
  if (r.heldBy) console.log(dim(`run ${r.heldBy.runId} is still active: nothing written since it was created (${new Date(r.heldBy.createdAt).toISOString()}) is removed`));
  if (r.dryRun && r.removed.length > 0) console.log(dim('dry run: nothing was removed (run without --dry-run to remove them)'));
  return EXIT.ok;
}
