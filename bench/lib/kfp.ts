// The compile bench's anchor process: bench/python/kfp_compile.py --serve in the kfp environment, kept running
// so each compile is timed inside a warm Python (imports and interpreter start are not part of a compile).
// A compile that runs past its cap kills the process (the next call starts a new one) and reports the cap.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './harness';

export interface KfpResult {
  /** Wall time of building + compiling inside Python, ms. */
  ms: number;
  /** CPU time of the same, ms. */
  cpuMs: number;
  /** Size of the compiled YAML package. */
  bytes: number;
}

export const KFP_SCRIPT = join(ROOT, 'bench', 'python', 'kfp_compile.py');

export class KfpCompiler {
  private child?: ChildProcessWithoutNullStreams;
  private lines: string[] = [];
  private waiting?: (line: string | undefined) => void;
  private stderr = '';

  constructor(private readonly python: string) {}

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(this.python, [KFP_SCRIPT, '--serve'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    child.stderr.on('data', (b) => (this.stderr = (this.stderr + b).slice(-4000)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.child !== child) return; // a process killed at its cap: its late lines answer nobody
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.lines.push(line);
    });
    child.once('exit', () => {
      // Only the current process's exit fails the request waiting on it (a capped one was replaced already).
      if (this.child !== child) return;
      this.child = undefined;
      this.waiting?.(undefined);
      this.waiting = undefined;
    });
    this.child = child;
    return child;
  }

  private next(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((r) => (this.waiting = r));
  }

  /** Compiles the graph in `graphFile` to `outFile`; `undefined` when it ran past `capMs` (the process is killed). */
  async compile(graphFile: string, outFile: string, capMs: number): Promise<KfpResult | undefined> {
    const child = this.child ?? this.start();
    child.stdin.write(JSON.stringify({ graph: graphFile, out: outFile }) + '\n');
    let timer: NodeJS.Timeout | undefined;
    const capped = new Promise<'cap'>((r) => (timer = setTimeout(() => r('cap'), capMs)));
    const line = await Promise.race([this.next(), capped]);
    clearTimeout(timer);
    if (line === 'cap') {
      this.waiting = undefined;
      this.child = undefined;
      child.kill('SIGKILL');
      return undefined;
    }
    if (line === undefined) throw new Error(`kfp_compile.py exited:\n${this.stderr.trim()}`);
    const res = JSON.parse(line) as { ms: number; cpu_ms: number; bytes: number; error?: string };
    if (res.error) throw new Error(`kfp could not compile ${graphFile}: ${res.error}`);
    return { ms: res.ms, cpuMs: res.cpu_ms, bytes: res.bytes };
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }
}
