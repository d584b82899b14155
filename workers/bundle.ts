// Bundles the workflow code once per source change and caches it, so workers start without webpack.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sourceFiles(p)));
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

export async function workflowBundle(cacheDir: string): Promise<{ code: string }> {
  const h = createHash('sha256');
  for (const dir of ['workers/workflows', 'dsl']) {
    for (const f of await sourceFiles(join(root, dir))) h.update(relative(root, f)).update(await readFile(f));
  }
  const file = join(cacheDir, `workflows-${h.digest('hex').slice(0, 16)}.js`);
  if (existsSync(file)) return { code: await readFile(file, 'utf8') };
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  await mkdir(cacheDir, { recursive: true });
  await writeFile(`${file}.tmp`, code);
  await rename(`${file}.tmp`, file);
  return { code };
}

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
