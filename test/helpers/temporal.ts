// A Temporal dev server per test file (in memory, headless, free port): isolated task queues and history.
import { inject } from 'vitest';
import { startDevServerOnFreePort, type DevServer } from '../../server/temporal/dev-server';

export async function startTestTemporal(): Promise<DevServer> {
  return startDevServerOnFreePort({ bin: inject('temporalBin'), headless: true });
}
