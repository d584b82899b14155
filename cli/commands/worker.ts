// `headrace worker`: one worker process for a task queue (cpu or gpu), until SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { TASK_QUEUES, type QueueName } from '../../dsl/states';
import { loadConfig } from '../../server/config';
import { openArtifactStore } from '../../server/artifacts/open';
import { openDatabase } from '../../server/db/client';
import { workflowBundleDir } from '../../server/temporal/cli-binary';
import { lowerPriority } from '../../workers/priority';
import { createWorker } from '../../workers/worker';
import { cudaLibDir, cudaWorkerEnv } from '../platform/cuda-libraries';

export async function workerCommand(opts: { queue: QueueName; nice?: number }): Promise<number> {
  if (opts.queue === 'gpu') {
    // The CUDA libraries must be on LD_LIBRARY_PATH when the process starts (the loader reads it once).
    const cuda = await cudaWorkerEnv();
    if (!cuda) console.log('the CUDA libraries are not set up (`headrace setup --gpu` obtains them): GPU steps will train on the CPU, and say so in their log');
    else if (process.env.LD_LIBRARY_PATH !== cuda.LD_LIBRARY_PATH) return restartWith(cuda);
    else console.log(`CUDA libraries from ${cudaLibDir()} (on LD_LIBRARY_PATH)`);
  }
  const taskQueue = TASK_QUEUES[opts.queue];
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (the embedded launcher sets it for its worker)');
  const address = config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`;
  // Before the Temporal runtime and onnxruntime start their threads: they inherit it.
  const nice = opts.nice ?? config.workerNice;
  if (nice > 0) lowerPriority(nice);
  const database = await openDatabase(config.databaseUrl);
  const store = openArtifactStore(config);
  const { worker, connection } = await createWorker({
    address,
    namespace: config.temporalNamespace,
    taskQueue,
    cacheDir: workflowBundleDir(),
    deps: { db: database.db, store, dataRoots: config.dataRoots, home: config.home, device: opts.queue === 'gpu' ? 'cuda' : 'cpu' },
  });
  // Ctrl+C reaches the whole process group and the launcher then asks again with SIGTERM: shut down once.
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(`worker polling ${taskQueue} on ${address} (pid ${process.pid}${nice > 0 ? `, niceness ${nice}` : ''})`);
  await worker.run();
  await connection.close();
  await database.close();
  return 0;
}

/** Runs this same command again with `env` added, passing signals on, and exits as it exits. */
function restartWith(env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env: { ...process.env, ...env }, stdio: 'inherit' });
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', pass('SIGINT'));
  process.on('SIGTERM', pass('SIGTERM'));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}
