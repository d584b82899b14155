// The embedded platform inside the bench's process, as `headrace start` composes it: a Temporal dev server
// persisted to SQLite (WAL), the database (PGlite on disk in this process, or the one `databaseUrl` names — the
// orchestration bench serves PGlite from a process of its own, as the launcher does), a local artifact store and a
// worker on headrace-cpu — with the worker's activities open to wrapping, so a bench can time them. The test
// harness composes it.
import { startHarness, type Harness, type HarnessOptions } from '../../test/helpers/harness';

export type Embedded = Harness;

export function startEmbedded(opts: Pick<HarnessOptions, 'activities' | 'databaseUrl'> = {}): Promise<Embedded> {
  return startHarness({ ...opts, persisted: true });
}
