// Bundles the workflow code once per source change and caches it, so workers start without webpack.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceHash } from './source-hash';

const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

export async function workflowBundle(cacheDir: string): Promise<{ code: string }> {
  // Everything the bundle is built from: the workflows, dsl/ and the workflow contract they import.
  const hash = await sourceHash(['workers/workflows', 'dsl', 'server/temporal/contract.ts'], /\.tsx?$/);
  const file = join(cacheDir, `workflows-${hash.slice(0, 16)}.js`);
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
