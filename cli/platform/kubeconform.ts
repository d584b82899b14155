// What the tests of deploy/kubernetes/ validate the manifests with, offline: kubeconform (Apache-2.0), pinned and
// built from the Go module proxy into the per-user cache like SeaweedFS and the Temporal CLI, and the Kubernetes
// API's own OpenAPI document (api/openapi-spec/swagger.json of the k8s.io/kubernetes module, pinned, fetched with
// `go mod download` and checked against Go's checksum database), copied into the same cache. kubeconform normally
// downloads JSON schemas at run time; the tests instead turn this document into the schemas they need
// (test/helpers/k8s-schemas.ts) and pass them with -schema-location. Obtained by the tests' global setup
// (test/setup/kubeconform.ts); never while a test runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, copyIntoCache } from '../../server/temporal/cli-binary';

const run = promisify(execFile);

export const KUBECONFORM_MODULE = 'github.com/yannh/kubeconform';
export const KUBECONFORM_VERSION = 'v0.8.0';
/** The Kubernetes release whose API the manifests are validated against. */
export const KUBERNETES_MODULE = 'k8s.io/kubernetes';
export const KUBERNETES_VERSION = 'v1.37.2';

export interface Obtained {
  path: string;
  route: 'cache' | 'go';
  ms: number;
}

export function kubeconformCachePath(): string {
  return join(cacheDir(), `kubeconform-${KUBECONFORM_VERSION}`, 'kubeconform');
}

export function kubernetesOpenapiCachePath(): string {
  return join(cacheDir(), `kubernetes-openapi-${KUBERNETES_VERSION}`, 'swagger.json');
}

/** The binary and the OpenAPI document if both are in the cache; never fetches or builds. */
export function findKubeconform(): { bin: string; openapi: string } | undefined {
  const bin = kubeconformCachePath();
  const openapi = kubernetesOpenapiCachePath();
  return existsSync(bin) && existsSync(openapi) ? { bin, openapi } : undefined;
}

/** Finds kubeconform in the cache, or builds it with `go install` (about 25 s on two cores with empty Go caches). */
export async function ensureKubeconform(log: (m: string) => void = () => {}): Promise<Obtained> {
  const t0 = Date.now();
  const target = kubeconformCachePath();
  if (existsSync(target)) return { path: target, route: 'cache', ms: Date.now() - t0 };
  log(`building kubeconform ${KUBECONFORM_VERSION} from the Go module proxy…`);
  const work = await mkdtemp(join(tmpdir(), 'headrace-kubeconform-'));
  try {
    const env = { ...process.env, CGO_ENABLED: '0', GOBIN: work };
    await run('go', ['install', '-trimpath', '-ldflags', '-s -w', `${KUBECONFORM_MODULE}/cmd/kubeconform@${KUBECONFORM_VERSION}`], { env, maxBuffer: 1 << 24, timeout: 20 * 60_000 });
    await run(join(work, 'kubeconform'), ['-v']);
    await copyIntoCache(join(work, 'kubeconform'), target, 0o755);
  } catch (e) {
    throw goError('kubeconform', e);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { path: target, route: 'go', ms: Date.now() - t0 };
}

/** Finds the Kubernetes OpenAPI document in the cache, or copies it out of the pinned k8s.io/kubernetes module. */
export async function ensureKubernetesOpenapi(log: (m: string) => void = () => {}): Promise<Obtained> {
  const t0 = Date.now();
  const target = kubernetesOpenapiCachePath();
  if (existsSync(target)) return { path: target, route: 'cache', ms: Date.now() - t0 };
  log(`fetching the Kubernetes ${KUBERNETES_VERSION} OpenAPI document (${KUBERNETES_MODULE}, about 22 MB, from the Go module proxy)…`);
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', `${KUBERNETES_MODULE}@${KUBERNETES_VERSION}`], { maxBuffer: 1 << 24, timeout: 10 * 60_000 });
    const { Dir: dir } = JSON.parse(stdout) as { Dir?: string };
    if (!dir) throw new Error(`go mod download gave no folder for ${KUBERNETES_MODULE}@${KUBERNETES_VERSION}`);
    await copyIntoCache(join(dir, 'api', 'openapi-spec', 'swagger.json'), target);
  } catch (e) {
    throw goError('the Kubernetes OpenAPI document', e);
  }
  return { path: target, route: 'go', ms: Date.now() - t0 };
}

function goError(what: string, e: unknown): Error {
  const err = e as Error & { stderr?: string };
  const detail = (err.stderr ?? '').trim().split('\n').slice(-5).join('\n  ');
  return new Error(`could not obtain ${what} with Go (needs \`go\` ≥ 1.26 and the Go module proxy): ${err.message.split('\n')[0]}${detail ? `\n  ${detail}` : ''}`, { cause: e });
}
