// Once per `npm test`: obtain the Temporal CLI (cached per user) and a PostgreSQL server for the
// tests that must run against the real thing. Values reach tests through `inject()`.
import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../../server/temporal/cli-binary';
import { startTestPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalBin: string;
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const bin = await ensureTemporalCli();
  project.provide('temporalBin', bin.path);
  const pg = await startTestPostgres();
  project.provide('postgresUrl', pg.url);
  return async () => {
    await pg.stop();
  };
}
