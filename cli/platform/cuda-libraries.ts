// `headrace setup --gpu`: what onnxruntime-node's CUDA execution provider needs, which onnxruntime-node does not
// bundle (its own install script would fetch it from NuGet at install time; we keep that script skipped). All of it
// comes from PyPI, which the project already uses: the CUDA provider libraries of the same onnxruntime release from
// its `onnxruntime-gpu` wheel, and the CUDA runtime, cuBLAS, cuRAND, NVRTC and cuDNN from NVIDIA's wheels. Every
// wheel is pinned by version and sha256 (pip checks them), only its shared libraries are kept, in a per-user cache;
// the two provider libraries are then linked beside onnxruntime-node's own libonnxruntime.so.1 (where it looks for
// them), and a GPU worker starts with the cache on LD_LIBRARY_PATH (where the provider finds CUDA).
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../../server/temporal/cli-binary';

const run = promisify(execFile);

/** One wheel from PyPI, pinned; `keep` picks the members kept (flattened into the cache's lib folder). */
export interface PinnedWheel {
  requirement: string;
  sha256: string;
  keep: RegExp;
  /** pip options that pick the wheel's tags where it is not pure (`--python-version`, `--platform`). */
  pipArgs?: string[];
}

/** The onnxruntime release the providers must match: onnxruntime-node's own version. */
export const ORT_VERSION = '1.30.0';

/** onnxruntime-gpu 1.30.0 is built for CUDA 13 (its wheel asks for nvidia-cuda-runtime ~= 13.0); the CUDA 13.4 set. */
export const CUDA_WHEELS: PinnedWheel[] = [
  {
    requirement: `onnxruntime-gpu==${ORT_VERSION}`,
    sha256: '4fbf0c5d7b5fb99266c2e8a802e3e64af68bdc383e0f3c7349b985f1087eedaa',
    keep: /^onnxruntime\/capi\/libonnxruntime_providers_(cuda|shared)\.so$/,
    pipArgs: ['--python-version', '3.11', '--platform', 'manylinux_2_28_x86_64'],
  },
  { requirement: 'nvidia-cuda-runtime==13.4.92', sha256: '9641f797da20ce1dd8e779b6e96d08cf9ba564cec8e8225458811ee26423f3a5', keep: /^nvidia\/.*\/lib\/[^/]+\.so[.\d]*$/ },
  { requirement: 'nvidia-cublas==13.8.0.4', sha256: '9f17797dfcc048694461f4e47de17d2e3c25adf172ef723d2db0a07cd8744b89', keep: /^nvidia\/.*\/lib\/[^/]+\.so[.\d]*$/ },
  { requirement: 'nvidia-curand==10.4.4.72', sha256: '25c3457ae7a224fdd484dab90b0fc5dc0e842fab5db3012afa4a5bd2af4eb7e5', keep: /^nvidia\/.*\/lib\/[^/]+\.so[.\d]*$/ },
  { requirement: 'nvidia-cuda-nvrtc==13.4.92', sha256: '5ce8c97b00b232c4f50c8c4b5a3b68cafee08bdb82ea86f2052ff01d03194f4a', keep: /^nvidia\/.*\/lib\/[^/]+\.so[.\d]*$/ },
  { requirement: 'nvidia-cudnn-cu13==9.27.0.42', sha256: '9677e76f21862eb5da7ee5ed69d544738b2d8b5c3ce7e5ec125c5592e6cdbdc8', keep: /^nvidia\/.*\/lib\/[^/]+\.so[.\d]*$/ },
];

/** The provider libraries onnxruntime loads from the folder of its own libonnxruntime.so.1. */
const PROVIDER_LIBRARIES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so'];

/** What the cache folder holds once complete; written last, so a half-filled cache is never taken for a whole one. */
interface CacheManifest {
  wheels: Array<{ requirement: string; sha256: string; files: string[] }>;
}

export function cudaCacheDir(root = cacheDir()): string {
  return join(root, `onnxruntime-cuda-${ORT_VERSION}`);
}

export function cudaLibDir(root = cacheDir()): string {
  return join(cudaCacheDir(root), 'lib');
}

const manifestPath = (dir: string) => join(dir, 'manifest.json');

export interface CudaSetup {
  libDir: string;
  /** Where the provider libraries were linked: onnxruntime-node's native folder. */
  linkedInto: string;
  route: 'cache' | 'pypi';
  files: number;
  ms: number;
}

/** Whether `headrace setup --gpu` has filled the cache for these wheels. */
export async function cudaCached(wheels: PinnedWheel[] = CUDA_WHEELS, dir = cudaCacheDir()): Promise<boolean> {
  try {
    const m = JSON.parse(await readFile(manifestPath(dir), 'utf8')) as CacheManifest;
    return wheels.every((w) => m.wheels.some((x) => x.requirement === w.requirement && x.sha256 === w.sha256 && x.files.every((f) => existsSync(join(dir, 'lib', f)))));
  } catch {
    return false;
  }
}

/**
 * Downloads (pip, hashes required) and unpacks the wheels' libraries into `dir/lib` unless already there, then
 * links the provider libraries beside onnxruntime-node's binding. Fails with what went wrong and nothing half-done
 * in the cache.
 */
export async function ensureCudaLibraries(
  log: (m: string) => void = () => {},
  opts: { wheels?: PinnedWheel[]; dir?: string; linkInto?: string | null } = {},
): Promise<CudaSetup> {
  const t0 = Date.now();
  const wheels = opts.wheels ?? CUDA_WHEELS;
  const dir = opts.dir ?? cudaCacheDir();
  const libDir = join(dir, 'lib');
  let route: CudaSetup['route'] = 'cache';
  if (!(await cudaCached(wheels, dir))) {
    route = 'pypi';
    await fillCache(wheels, dir, log);
  }
  const linkInto = opts.linkInto === undefined ? onnxruntimeNativeDir() : opts.linkInto;
  if (linkInto) await linkProviders(libDir, linkInto);
  const files = (await readdir(libDir)).length;
  return { libDir, linkedInto: linkInto ?? '', route, files, ms: Date.now() - t0 };
}

async function fillCache(wheels: PinnedWheel[], dir: string, log: (m: string) => void): Promise<void> {
  const python = process.env.PYTHON || 'python3';
  await mkdir(dirname(dir), { recursive: true });
  const work = await mkdtemp(join(dirname(dir), '.cuda-setup-'));
  try {
    const staged = join(work, 'lib');
    await mkdir(staged);
    const manifest: CacheManifest = { wheels: [] };
    for (const w of wheels) {
      log(`downloading ${w.requirement} from PyPI…`);
      const dest = join(work, 'wheels');
      await rm(dest, { recursive: true, force: true });
      const req = join(work, 'requirements.txt');
      await writeFile(req, `${w.requirement} --hash=sha256:${w.sha256}\n`);
      try {
        await run(python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--no-cache-dir', '--require-hashes', ...(w.pipArgs ?? []), '--dest', dest, '-r', req], { maxBuffer: 1 << 24, timeout: 30 * 60_000 });
      } catch (e) {
        const detail = ((e as { stderr?: string }).stderr || (e as Error).message).trim().split('\n').slice(-3).join(' ').replace(/\s+/g, ' ');
        throw new Error(`could not download ${w.requirement} (sha256 ${w.sha256.slice(0, 12)}…) with pip: ${detail}`, { cause: e });
      }
      const [wheel] = (await readdir(dest)).filter((f) => f.endsWith('.whl'));
      if (!wheel) throw new Error(`pip downloaded no wheel for ${w.requirement}`);
      const { stdout } = await run(python, ['-c', UNPACK, join(dest, wheel), w.keep.source, staged], { maxBuffer: 1 << 24 });
      const files = stdout.split('\n').filter(Boolean);
      if (!files.length) throw new Error(`${wheel} holds no file matching ${w.keep.source}`);
      manifest.wheels.push({ requirement: w.requirement, sha256: w.sha256, files });
      await rm(dest, { recursive: true, force: true });
    }
    await unversionedNames(staged);
    await writeFile(join(work, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await rm(join(work, 'requirements.txt'), { force: true });
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// Extracts the members matching a pattern into one folder (flattened), printing each name kept.
const UNPACK = `
import os, re, shutil, sys, zipfile
wheel, pattern, out = sys.argv[1], re.compile(sys.argv[2]), sys.argv[3]
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        if pattern.match(info.filename):
            name = os.path.basename(info.filename)
            with z.open(info) as src, open(os.path.join(out, name), 'wb') as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            print(name)
`;

/** Some libraries are opened by their unversioned name (cuDNN and NVRTC by the CUDA provider): link those too. */
async function unversionedNames(lib: string): Promise<void> {
  const names = await readdir(lib);
  for (const name of names) {
    const m = /^(lib[^.]+\.so)\.\d+$/.exec(name);
    if (m && !names.includes(m[1])) await symlink(name, join(lib, m[1]));
  }
}

/** onnxruntime-node's native folder (its libonnxruntime.so.1), where onnxruntime looks for provider libraries. */
export function onnxruntimeNativeDir(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('onnxruntime-node/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  if (pkg.version !== ORT_VERSION) {
    throw new Error(`onnxruntime-node is ${pkg.version} but the CUDA provider libraries are pinned to ${ORT_VERSION}: they must be the same release (cli/platform/cuda-libraries.ts)`);
  }
  const native = join(dirname(pkgPath), 'bin', 'napi-v6', process.platform, process.arch);
  if (!existsSync(join(native, 'libonnxruntime.so.1'))) throw new Error(`no libonnxruntime.so.1 in ${native}: the CUDA route needs Linux x64`);
  return native;
}

async function linkProviders(libDir: string, native: string): Promise<void> {
  for (const name of PROVIDER_LIBRARIES) {
    const target = join(libDir, name);
    if (!existsSync(target)) continue; // a cache made of other wheels (the tests' small one)
    const link = join(native, name);
    if (existsSync(link) || isLink(link)) await unlink(link); // an earlier setup's link, or the file itself
    await symlink(target, link);
  }
}

/**
 * The environment a GPU worker starts with: the cache's lib folder first on LD_LIBRARY_PATH (read by the dynamic
 * loader at process start, hence set by whoever starts the worker). Undefined where `setup --gpu` has not run.
 */
export async function cudaWorkerEnv(env: NodeJS.ProcessEnv = process.env, dir = cudaCacheDir()): Promise<{ LD_LIBRARY_PATH: string } | undefined> {
  if (!(await cudaCached(CUDA_WHEELS, dir))) return undefined;
  const lib = join(dir, 'lib');
  const rest = (env.LD_LIBRARY_PATH ?? '').split(':').filter((p) => p && p !== lib);
  return { LD_LIBRARY_PATH: [lib, ...rest].join(':') };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false; // nothing there
  }
}
