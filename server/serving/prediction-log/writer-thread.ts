// The prediction log's writer thread (started by ./writer.ts): builds each batch's Arrow tables and writes the
// files, so none of that runs on the predict server's request thread. It lowers its own scheduling priority
// first: on a core it shares with the request thread (a server pinned to one core), the kernel then runs the
// request thread whenever it has work, and the writer in the gaps.
//   in:  { id, dir, batch: EncodedBatch }   out: { id, outcome: WriteOutcome }
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { EncodedBatch } from './encode';
import { writeBatch } from './write-batch';

if (!parentPort) throw new Error('writer-thread.ts runs as the prediction log\'s writer thread');
const port = parentPort;

try {
  // /proc/thread-self → "PID/task/TID"; setpriority on a Linux thread id changes that thread alone.
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
} catch {
  // Not Linux, or not allowed: the writer runs at the process's priority.
}

port.on('message', (msg: { id: number; dir: string; batch: EncodedBatch }) => {
  void writeBatch(msg.dir, msg.batch).then((outcome) => port.postMessage({ id: msg.id, outcome }));
});
port.postMessage({ ready: true });
