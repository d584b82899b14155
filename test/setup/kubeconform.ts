// Once per test run: kubeconform and the Kubernetes OpenAPI document that test/deploy/manifests.test.ts validates
// deploy/kubernetes/ with, obtained into the per-user cache the first time (Go module proxy; about 25 s with empty Go caches) and
// reused at once afterwards (cli/platform/kubeconform.ts). The test itself downloads nothing.
import { ensureKubeconform, ensureKubernetesOpenapi } from '../../cli/platform/kubeconform';

export default async function setup() {
  const say = (m: string) => process.stderr.write(`[test setup] ${m}\n`);
  await ensureKubernetesOpenapi(say);
  await ensureKubeconform(say);
}
