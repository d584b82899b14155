// Bundles the workflow code once per source change and caches it, so workers start without webpack.
// Workers are given the per-user cache (workflowBundleDir(), ~/.cache/headrace/workflow-bundles/), not one per
// HEADRACE_HOME: a second home on the same machine (another platform, a test's temporary one) reuses the bundle
// instead of spending seconds of CPU on webpack again. Caching is best effort: a cache that cannot be written costs
// a bundle per start, nothing else.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceHash } from './source-hash';

const workflowsPath = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

/** The SDK's workflow runtime goes into the bundle too: a new SDK version makes a new bundle. */
const sdkVersion = (): string => (createRequire(import.meta.url)('@temporalio/workflow/package.json') as { version: string }).version;

export async function workflowBundle(dir: string): Promise<{ code: string }> {
  // Everything the bundle is built from: the workflows, dsl/ and the workflow contract they import.
  const hash = await sourceHash(['workers/workflows', 'dsl', 'server/temporal/contract.ts'], /\.tsx?$/);
  const file = join(dir, `workflows-${sdkVersion()}-${hash.slice(0, 16)}.js`);
  if (existsSync(file)) return { code: await readFile(file, 'utf8') };
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
  // Workers starting side by side may bundle at once: each writes its own temporary file and renames it into
  // place, so a reader only ever sees a whole bundle.
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(tmp, code);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    console.warn(`workflow bundle not cached in ${dir}: ${(e as Error).message}`);
  }
  return { code };
}

const noop = () => {};
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
