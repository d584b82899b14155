// `headrace worker`: one worker process for a task queue (cpu or gpu), until SIGINT/SIGTERM.
import { TASK_QUEUES, type QueueName } from '../../dsl/states';
import { loadConfig } from '../../server/config';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase } from '../../server/db/client';
import { createWorker } from '../../workers/worker';

export async function workerCommand(opts: { queue: QueueName }): Promise<number> {
  const taskQueue = TASK_QUEUES[opts.queue];
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (the embedded launcher sets it for its worker)');
  const address = config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`;
  const database = await openDatabase(config.databaseUrl);
  const store = new LocalArtifactStore(config.artifactsDir);
  const { worker, connection } = await createWorker({
    address,
    namespace: config.temporalNamespace,
    taskQueue,
    cacheDir: `${config.home}/cache`,
    deps: { db: database.db, store, dataRoots: config.dataRoots, device: opts.queue === 'gpu' ? 'cuda' : 'cpu' },
  });
  // Ctrl+C reaches the whole process group and the launcher then asks again with SIGTERM: shut down once.
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`worker polling ${taskQueue} on ${address} (pid ${process.pid})`);
  await worker.run();
  await connection.close();
  await database.close();
  return 0;
}
