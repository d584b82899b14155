// The launcher's GPU probe: `nvidia-smi -L` decides whether `headrace start` adds a worker for headrace-gpu.
// This machine has no GPU, so the GPU case runs a stand-in `nvidia-smi` (a shell script printing what the real one
// prints on a one-GPU machine) first on PATH; the real probe runs as is for the no-GPU case.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectGpu } from '../../cli/platform/gpu';

function fakeSmi(script: string): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'headrace-fake-smi-'));
  writeFileSync(join(dir, 'nvidia-smi'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(dir, 'nvidia-smi'), 0o755);
  return { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` };
}

describe('detectGpu', () => {
  it('finds the GPUs nvidia-smi lists', () => {
    const env = fakeSmi("echo 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-1234)'");
    expect(detectGpu(env)).toEqual({ found: true, detail: 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-1234)' });
    expect(detectGpu({ ...env, HEADRACE_GPU_WORKER: 'off' })).toEqual({ found: false, detail: 'HEADRACE_GPU_WORKER=off' });
  });

  it('finds none when nvidia-smi fails or is missing', () => {
    expect(detectGpu(fakeSmi("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'; exit 9"))).toEqual({
      found: false, detail: 'nvidia-smi found no GPU (exit 9)',
    });
    expect(detectGpu({ ...process.env, PATH: mkdtempSync(join(tmpdir(), 'headrace-empty-path-')) })).toEqual({
      found: false, detail: 'nvidia-smi cannot run (ENOENT)',
    });
  });
});
