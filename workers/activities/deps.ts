// What activities are built from: handed in by the worker (or a test), never imported globally.
import type { Db } from '../../server/db/client';
import type { ArtifactStore } from '../../server/artifacts/store';

export interface ActivityDeps {
  db: Db;
  store: ArtifactStore;
  /** Folders ingestion may read below: the worker's configured data roots (server/config.ts). */
  dataRoots: string[];
  /** Execution provider a GPU worker asks onnxruntime for. */
  device?: 'cpu' | 'cuda';
  /** The platform's home folder: where the embedded secret store's key file is (absent: HEADRACE_HOME's). */
  home?: string;
}
