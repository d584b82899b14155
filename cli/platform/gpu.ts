// Whether this machine has an NVIDIA GPU, as `nvidia-smi -L` lists them: the launcher then starts a worker for the
// headrace-gpu queue beside the CPU one. No nvidia-smi, a failing one, or HEADRACE_GPU_WORKER=off: no GPU worker
// (a GPU step then waits, and its run says so).
import { spawnSync } from 'node:child_process';

export interface GpuProbe {
  found: boolean;
  /** `GPU 0: NVIDIA H100 80GB HBM3 (UUID: …)` lines, or why none was found. */
  detail: string;
}

export function detectGpu(env: NodeJS.ProcessEnv = process.env): GpuProbe {
  if (env.HEADRACE_GPU_WORKER === 'off') return { found: false, detail: 'HEADRACE_GPU_WORKER=off' };
  const r = spawnSync('nvidia-smi', ['-L'], { encoding: 'utf8', timeout: 5000, env });
  if (r.error) return { found: false, detail: `nvidia-smi cannot run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
  const gpus = (r.stdout ?? '').split('\n').filter((l) => /^GPU \d+:/.test(l));
  if (r.status !== 0 || gpus.length === 0) return { found: false, detail: `nvidia-smi found no GPU (exit ${r.status})` };
  return { found: true, detail: gpus.join('; ') };
}
