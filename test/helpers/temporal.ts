// A Temporal dev server per test file (in memory, headless, free port): isolated task queues and history.
import { inject } from 'vitest';
import { freePort, startDevServer, type DevServer } from '../../server/temporal/dev-server';

export async function startTestTemporal(): Promise<DevServer> {
  return startDevServer({ bin: inject('temporalBin'), port: await freePort(), headless: true });
}
