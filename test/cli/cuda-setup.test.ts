// `headrace setup --gpu`'s machinery, from the real PyPI: a pinned wheel is downloaded with its hash checked, only
// its libraries are kept (with their unversioned names), the cache is reused, and a wrong hash fails clearly with
// nothing half-written. The full set (1.3 GB of wheels) is not downloaded here: one small NVIDIA wheel stands for it.
// Then `headrace worker --queue gpu` restarting itself with the cache on LD_LIBRARY_PATH, against a stand-in cache
// (a manifest naming every pinned wheel, with empty files) since the real libraries need an NVIDIA driver to matter.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUDA_WHEELS, cudaCached, cudaCacheDir, cudaWorkerEnv, ensureCudaLibraries, type PinnedWheel } from '../../cli/platform/cuda-libraries';

const runtime = CUDA_WHEELS.find((w) => w.requirement.startsWith('nvidia-cuda-runtime=='))!;

describe('ensureCudaLibraries', () => {
  it('downloads a pinned wheel, keeps its libraries, and reuses the cache', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'headrace-cuda-')), 'onnxruntime-cuda');
    const lines: string[] = [];
    const first = await ensureCudaLibraries((m) => lines.push(m), { wheels: [runtime], dir, linkInto: null });
    expect(first.route).toBe('pypi');
    expect(lines).toEqual([`downloading ${runtime.requirement} from PyPI…`]);
    const files = readdirSync(first.libDir).sort();
    expect(files).toEqual(['libcudart.so', 'libcudart.so.13']);
    expect(lstatSync(join(first.libDir, 'libcudart.so')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(first.libDir, 'libcudart.so'))).toBe('libcudart.so.13');
    expect(lstatSync(join(first.libDir, 'libcudart.so.13')).size).toBeGreaterThan(100_000);
    expect(await cudaCached([runtime], dir)).toBe(true);

    const again = await ensureCudaLibraries(() => {}, { wheels: [runtime], dir, linkInto: null });
    expect(again.route).toBe('cache');
  }, 120_000);

  it('refuses a wheel whose hash differs from the pin, leaving no cache behind', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'headrace-cuda-bad-'));
    const dir = join(parent, 'onnxruntime-cuda');
    const tampered: PinnedWheel = { ...runtime, sha256: '0'.repeat(64) };
    await expect(ensureCudaLibraries(() => {}, { wheels: [tampered], dir, linkInto: null })).rejects.toThrow(
      /^could not download nvidia-cuda-runtime==13\.4\.92 \(sha256 000000000000…\) with pip: .*Expected sha256 0{64} Got 9641f797da20/,
    );
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  }, 120_000);
});

describe('a GPU worker', () => {
  it('restarts itself with the CUDA libraries first on LD_LIBRARY_PATH', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'headrace-xdg-'));
    const dir = cudaCacheDir(join(cache, 'headrace'));
    mkdirSync(join(dir, 'lib'), { recursive: true });
    const wheels = CUDA_WHEELS.map((w, i) => ({ requirement: w.requirement, sha256: w.sha256, files: [`libstand-in-${i}.so`] }));
    for (const w of wheels) writeFileSync(join(dir, 'lib', w.files[0]), '');
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ wheels }));
    const env = { ...process.env, XDG_CACHE_HOME: cache, LD_LIBRARY_PATH: '/opt/elsewhere', DATABASE_URL: '' };
    expect(await cudaWorkerEnv(env, dir)).toEqual({ LD_LIBRARY_PATH: `${join(dir, 'lib')}:/opt/elsewhere` });

    // Without a database the restarted worker stops right after saying where its CUDA libraries come from.
    const r = spawnSync(process.execPath, ['bin/headrace.js', 'worker', '--queue', 'gpu'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toContain(`CUDA libraries from ${join(dir, 'lib')} (on LD_LIBRARY_PATH)`);
    expect(r.stderr).toContain('DATABASE_URL is not set');
    expect(r.status).not.toBe(0);

    // No cache: the worker says GPU steps will train on the CPU, and does not restart.
    const bare = spawnSync(process.execPath, ['bin/headrace.js', 'worker', '--queue', 'gpu'], {
      env: { ...env, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'headrace-xdg-empty-')) }, encoding: 'utf8', timeout: 60_000,
    });
    expect(bare.stdout).toContain('the CUDA libraries are not set up (`headrace setup --gpu` obtains them): GPU steps will train on the CPU');
    expect(bare.stdout).not.toContain('CUDA libraries from');
  }, 120_000);
});
