// `headrace worker --nice N` (HEADRACE_WORKER_NICE): every thread of the worker process runs at that niceness,
// those its runtimes start while it runs steps included, and it runs a pipeline as before; a value outside 0-19 is
// refused before the worker connects to anything.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { getRun } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import { startWorkerPlatform, type WorkerPlatform } from '../helpers/worker-process';

const run = promisify(execFile);
const bin = resolve('bin/headrace.js');
const exampleDir = resolve('examples/penguins');

/** Niceness of each thread of `pid`, by thread id (field 19 of /proc/PID/task/TID/stat). */
function threadNiceness(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(fields[16]));
    } catch {
      // a thread that ended meanwhile
    }
  }
  return out;
}

describe('a worker at a niceness', () => {
  let platform: WorkerPlatform;

  beforeAll(async () => {
    platform = await startWorkerPlatform('headrace-nice-', { HEADRACE_WORKER_NICE: '10' });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('runs every thread at it, before and after training, and runs the pipeline', async () => {
    const worker = await platform.startWorker();
    const pid = worker.child.pid!;
    const before = threadNiceness(pid);
    expect(before.size).toBeGreaterThan(4); // node's own threads, libuv's, the Temporal runtime's
    expect([...before.values()].every((n) => n === 10), JSON.stringify([...before])).toBe(true);

    const svc = { db: platform.database.db, temporal: new Client({ connection: platform.connection }), config: loadConfig({ HEADRACE_HOME: platform.home }) };
    const source = readFileSync(join(exampleDir, 'pipeline.yaml'), 'utf8').replace(/\n {2}deploy:\n( {4}.*\n?)+/, '\n');
    const started = await startRun(svc, { source, baseDir: exampleDir, author: 'test' });
    await svc.temporal.workflow.getHandle(started.workflowId).result();
    expect((await getRun(platform.database.db, started.id))!.status).toBe('succeeded');

    // Training started onnxruntime's threads and the steps libuv's: they inherited the niceness.
    const after = threadNiceness(pid);
    expect(after.size).toBeGreaterThanOrEqual(before.size);
    expect([...after.values()].every((n) => n === 10), JSON.stringify([...after])).toBe(true);
  });
});

describe('a niceness out of range', () => {
  it('is refused by --nice with the range, before anything starts', async () => {
    const err = await run(process.execPath, [bin, 'worker', '--nice', '20'], { env: { ...process.env, DATABASE_URL: '' } }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).not.toBe(0);
    expect((err as { stderr: string }).stderr).toContain("option '--nice <n>' argument '20' is invalid. a niceness from 0 to 19");
  });

  it('is refused in HEADRACE_WORKER_NICE, naming the variable', async () => {
    const err = await run(process.execPath, [bin, 'worker'], { env: { ...process.env, HEADRACE_WORKER_NICE: '-5' } }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).not.toBe(0);
    expect((err as { stderr: string }).stderr).toMatch(/bad environment:\n\s+HEADRACE_WORKER_NICE: /);
  });
});
