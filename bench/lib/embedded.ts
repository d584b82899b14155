// The embedded platform inside the bench's process, as `headrace start` composes it: a Temporal dev server
// persisted to SQLite (WAL), PGlite on disk, a local artifact store and a worker on headrace-cpu — with the
// worker's activities open to wrapping, so a bench can time them. The test harness composes it.
import { startHarness, type Harness, type HarnessOptions } from '../../test/helpers/harness';

export type Embedded = Harness;

export function startEmbedded(opts: Pick<HarnessOptions, 'activities'> = {}): Promise<Embedded> {
  return startHarness({ ...opts, persisted: true });
}
