// The server's dependencies, built once per process and handed to services and routers.
import type { Client } from '@temporalio/client';
import type { HeadraceConfig } from '../config';
import type { Db } from '../db/client';

export interface Services {
  db: Db;
  temporal: Client;
  config: HeadraceConfig;
  /** Temporal Web UI base URL, when one is running. */
  temporalUiUrl?: string;
}

