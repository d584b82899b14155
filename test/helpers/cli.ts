// Runs the real `headrace` command as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const headraceBin = resolve('bin/headrace.js');

/** Runs `headrace ARGS`; `input`, when given, is piped to its stdin (else stdin is closed). */
export function headrace(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [headraceBin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (input !== undefined) child.stdin!.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b) => (stdout += b));
    child.stderr!.on('data', (b) => (stderr += b));
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** Starts a long-running command and resolves once a line matches `ready`. */
/** `via`: a command to run it under (e.g. ['taskset', '-c', '0']). */
export function headraceUntil(
  args: string[], env: Record<string, string>, ready: RegExp, timeoutMs: number, via: string[] = [],
): Promise<{ child: ChildProcess; output: () => string; match: RegExpMatchArray }> {
  return new Promise((resolveReady, reject) => {
    const [cmd, ...pre] = [...via, process.execPath];
    const child = spawn(cmd, [...pre, headraceBin, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${ready}:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolveReady({ child, output: () => out, match: m });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${ready}:\n${out}`));
    });
  });
}
