// The machine a bench ran on, in the words docs/benchmarks.md uses.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export function machine(): string {
  let model = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  let cores = String(cpus().length);
  try {
    const out = execFileSync('lscpu', { encoding: 'utf8' });
    model = /^Model name:\s*(.+)$/m.exec(out)?.[1].trim() ?? model;
    cores = /^CPU\(s\):\s*(\d+)$/m.exec(out)?.[1] ?? cores;
  } catch {
    /* no lscpu: os.cpus() is enough */
  }
  return `\`lscpu\` → ${model}, ${cores} CPUs; ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.versions.node}`;
}
