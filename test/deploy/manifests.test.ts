// deploy/: the Kubernetes manifests and the container image of docs/deploy.md, which no test can run here (no
// cluster, no Docker engine). kubeconform validates every manifest strictly against the Kubernetes API, offline:
// the global setup (test/setup/kubeconform.ts) has built kubeconform and copied Kubernetes' own OpenAPI document
// into the per-user cache, and the schemas are made from it here (test/helpers/k8s-schemas.ts); a deliberately
// broken copy proves the schemas bite. Then what no schema says: the pieces wire together (selectors, ports,
// volumes at the paths the configuration puts files), the configuration parses as the processes parse it, no
// secret is written down, and the Dockerfile keeps the properties docs/deploy.md promises.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findKubeconform, KUBERNETES_VERSION } from '../../cli/platform/kubeconform';
import { TASK_QUEUES } from '../../dsl/states';
import { loadConfig } from '../../server/config';
import { readKubernetesOpenapi, writeStrictSchemas } from '../helpers/k8s-schemas';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const k8sDir = join(root, 'deploy', 'kubernetes');

// Manifests are plain parsed YAML, checked field by field below.
type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: any };

function parseManifests(text: string, file: string): Manifest[] {
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as Manifest | null;
  }).filter((m): m is Manifest => m !== null);
}

const manifestFiles = readdirSync(k8sDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();
const manifests = manifestFiles.flatMap((f) => parseManifests(readFileSync(join(k8sDir, f), 'utf8'), f).map((m) => ({ file: f, m })));
const all = manifests.map((x) => x.m);
const ofKind = (kind: string) => all.filter((m) => m.kind === kind);
const deployments = ofKind('Deployment');

interface KubeconformReport {
  resources: Array<{ filename: string; kind: string; name: string; status: string; msg: string }>;
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

let tools: { bin: string; openapi: string };
let schemas: string;

async function kubeconform(files: string[]): Promise<KubeconformReport> {
  const args = ['-strict', '-summary', '-output', 'json', '-schema-location', join(schemas, '{{ .ResourceKind }}{{ .KindSuffix }}.json'), ...files];
  const out = await run(tools.bin, args, { maxBuffer: 1 << 24 }).then((r) => r.stdout, (e: { stdout?: string }) => e.stdout ?? '');
  return JSON.parse(out) as KubeconformReport;
}

beforeAll(() => {
  const found = findKubeconform();
  if (!found) throw new Error('kubeconform or the Kubernetes OpenAPI document is missing from the per-user cache: the global setup (test/setup/kubeconform.ts) obtains them');
  tools = found;
  schemas = mkdtempSync(join(tmpdir(), 'headrace-k8s-schemas-'));
  writeStrictSchemas(readKubernetesOpenapi(tools.openapi), schemas, all);
});

describe(`deploy/kubernetes against the Kubernetes ${KUBERNETES_VERSION} API (kubeconform -strict, offline)`, () => {
  it('every manifest is valid', async () => {
    expect(all.length).toBeGreaterThanOrEqual(12);
    const report = await kubeconform(manifestFiles.map((f) => join(k8sDir, f)));
    expect(report.resources).toEqual([]);
    expect(report.summary).toEqual({ valid: all.length, invalid: 0, errors: 0, skipped: 0 });
  });

  it('a misspelt field and a wrong type are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'headrace-k8s-broken-'));
    const api = readFileSync(join(k8sDir, 'api.yaml'), 'utf8');
    expect(api).toContain('          readinessProbe:\n');
    writeFileSync(join(dir, 'api.yaml'), api.replace('          readinessProbe:\n', '          readinessProbes:\n'));
    const predict = readFileSync(join(k8sDir, 'predict.yaml'), 'utf8');
    expect(predict).toContain('  replicas: 2\n');
    writeFileSync(join(dir, 'predict.yaml'), predict.replace('  replicas: 2\n', '  replicas: two\n'));
    const report = await kubeconform([join(dir, 'api.yaml'), join(dir, 'predict.yaml')]);
    expect(report.summary).toMatchObject({ invalid: 2, errors: 0, skipped: 0 });
    const invalid = report.resources.filter((r) => r.status === 'statusInvalid');
    expect(invalid.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(['Deployment/headrace-api', 'Deployment/headrace-predict']);
    expect(invalid.find((r) => r.name === 'headrace-api')!.msg).toContain('readinessProbes');
    expect(invalid.find((r) => r.name === 'headrace-predict')!.msg).toContain('replicas');
  });
});

describe('deploy/kubernetes wiring', () => {
  const podOf = (d: Manifest) => d.spec.template.spec;
  const containersOf = (d: Manifest): any[] => podOf(d).containers;
  const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
    Object.entries(selector).every(([k, v]) => labels[k] === v);

  it('the kustomization lists every manifest and names every image', () => {
    const k = parseManifests(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8'), 'kustomization.yaml')[0];
    expect(k.kind).toBe('Kustomization');
    expect([...k.resources].sort()).toEqual(manifestFiles);
    const images = new Set(deployments.flatMap((d) => containersOf(d).map((c) => c.image as string)));
    expect([...images].sort()).toEqual((k.images as Array<{ name: string }>).map((i) => i.name).sort());
  });

  it('every selector finds its pods, and every Service port a container port', () => {
    for (const d of deployments) {
      expect(selects(d.spec.selector.matchLabels, d.spec.template.metadata.labels), d.metadata.name).toBe(true);
    }
    for (const pdb of ofKind('PodDisruptionBudget')) {
      const hits = deployments.filter((d) => selects(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels));
      expect(hits.map((d) => d.metadata.name), pdb.metadata.name).toEqual([pdb.metadata.name]);
    }
    for (const svc of ofKind('Service')) {
      const hits = deployments.filter((d) => selects(svc.spec.selector, d.spec.template.metadata.labels));
      expect(hits.map((d) => d.metadata.name), svc.metadata.name).toEqual([svc.metadata.name]);
      const ports = containersOf(hits[0]).flatMap((c) => (c.ports ?? []).map((p: { name: string }) => p.name));
      for (const p of svc.spec.ports) expect(ports, svc.metadata.name).toContain(p.targetPort);
    }
  });

  it('runs the headrace commands with their probes, queues and GPU', () => {
    const byName = new Map(deployments.map((d) => [d.metadata.name, d]));
    const api = containersOf(byName.get('headrace-api')!)[0];
    // The API alone: `start` would run a worker and a predict server inside the pod too.
    expect(api.args).toEqual(['api']);
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect(api[probe].httpGet).toEqual({ path: '/healthz', port: 'http' });

    const predict = containersOf(byName.get('headrace-predict')!)[0];
    expect(predict.command).toEqual(['node', '--single-threaded-gc', 'bin/headrace.js']);
    expect(predict.args.slice(0, 3)).toEqual(['serve', '--host', '0.0.0.0']);
    expect(predict.readinessProbe.httpGet).toEqual({ path: '/v2/health/ready', port: 'http' });
    expect(predict.livenessProbe.httpGet).toEqual({ path: '/v2/health/live', port: 'http' });
    expect(predict.resources.limits.cpu).toBe('1');

    for (const queue of Object.keys(TASK_QUEUES)) {
      const worker = byName.get(`headrace-worker-${queue}`);
      expect(worker, queue).toBeDefined();
      expect(containersOf(worker!)[0].args).toEqual(['worker', '--queue', queue]);
    }
    const gpu = byName.get('headrace-worker-gpu')!;
    expect(containersOf(gpu)[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(containersOf(gpu)[0].image).toBe('headrace-gpu');
    expect(podOf(gpu).nodeSelector).toBeDefined();
    expect(podOf(gpu).tolerations).toContainEqual({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' });
  });

  it('runs every container as a non-root user without privileges', () => {
    for (const d of deployments) {
      expect(podOf(d).securityContext, d.metadata.name).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      for (const c of containersOf(d)) {
        expect(c.securityContext, d.metadata.name).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      }
    }
  });

  it('writes no secret down: credentials come from the Secret headrace-secrets', () => {
    expect(ofKind('Secret')).toEqual([]);
    const configMap = ofKind('ConfigMap')[0];
    for (const key of Object.keys(configMap.data)) expect(key).not.toMatch(/PASSWORD|SECRET|TOKEN|DATABASE_URL|ACCESS_KEY/);
    for (const d of deployments) {
      for (const c of containersOf(d)) {
        for (const e of c.env ?? []) {
          if (/PASSWORD|SECRET|TOKEN|DATABASE_URL|ACCESS_KEY/.test(e.name)) {
            expect(e.value, `${d.metadata.name} ${e.name}`).toBeUndefined();
            expect(e.valueFrom.secretKeyRef).toMatchObject({ name: 'headrace-secrets', key: e.name });
          }
        }
        expect(c.env.map((e: { name: string }) => e.name), d.metadata.name).toContain('DATABASE_URL');
      }
    }
  });

  it('the configuration parses as the processes parse it, and the shared volume lies where it puts files', () => {
    const data = ofKind('ConfigMap')[0].data as Record<string, string>;
    // Every key is a variable Headrace reads (server/config.ts) or one of the AWS SDK's own (docs/storage.md).
    const known = new Set([...readFileSync(join(root, 'server', 'config.ts'), 'utf8').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
    for (const key of Object.keys(data)) expect(known.has(key) || key.startsWith('AWS_'), key).toBe(true);

    const config = loadConfig({ ...data, DATABASE_URL: 'postgres://headrace@postgres.example:5432/headrace', HEADRACE_ADMIN_PASSWORD: 'correct horse battery' });
    expect(config.auth.required).toBe(true);
    expect(config.temporalAddress).toBe(data.TEMPORAL_ADDRESS);
    expect(config.artifacts).toMatch(/^s3:\/\//);
    expect(config.home).toBe('/var/lib/headrace');
    expect(config.predictionsDir).toBe('/var/lib/headrace/predictions');
    expect(config.dataRoots).toEqual(['/var/lib/headrace/data']);

    const claim = ofKind('PersistentVolumeClaim')[0];
    expect(claim.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const d of deployments) {
      const volume = podOf(d).volumes.find((v: any) => v.persistentVolumeClaim?.claimName === claim.metadata.name);
      const mounts = containersOf(d)[0].volumeMounts.filter((m: { name: string }) => m.name === volume?.name).map((m: { mountPath: string }) => m.mountPath);
      // Predict servers write the prediction log; the API and the workers also read data files.
      const wanted = d.metadata.name === 'headrace-predict' ? [config.predictionsDir] : [config.predictionsDir, ...config.dataRoots];
      expect(mounts.sort(), d.metadata.name).toEqual(wanted.sort());
      expect(containersOf(d)[0].volumeMounts, d.metadata.name).toContainEqual(expect.objectContaining({ mountPath: config.home }));
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
  const lines = dockerfile.split('\n').filter((l) => l.trim() && !l.trimStart().startsWith('#'));
  const stages = lines.filter((l) => /^FROM /i.test(l)).map((l) => /\bAS\s+(\S+)/i.exec(l)?.[1]);
  const stageOf = (name: string) => {
    const start = lines.findIndex((l) => new RegExp(`^FROM .* AS ${name}$`, 'i').test(l));
    const next = lines.findIndex((l, i) => i > start && /^FROM /i.test(l));
    return lines.slice(start, next < 0 ? undefined : next);
  };

  it('is multi-stage, and its runtime runs `node bin/headrace.js` as a non-root user with a health check', () => {
    expect(stages).toEqual(['deps', 'build', 'prod-deps', 'runtime', 'gpu']);
    const runtime = stageOf('runtime');
    expect(runtime.filter((l) => l.startsWith('USER ')).at(-1)).toBe('USER 10001:10001');
    expect(stageOf('gpu').filter((l) => l.startsWith('USER ')).at(-1)).toBe('USER 10001:10001');
    expect(runtime).toContain('ENTRYPOINT ["node", "bin/headrace.js"]');
    const health = runtime.find((l) => l.startsWith('HEALTHCHECK '));
    expect(health).toContain('CMD ["node", "deploy/docker/healthcheck.mjs"]');
    expect(existsSync(join(root, 'deploy', 'docker', 'healthcheck.mjs'))).toBe(true);
    // The runtime takes its packages from the stage without dev dependencies, and the web build from `build`.
    expect(runtime).toContain('COPY --from=prod-deps /app/node_modules ./node_modules');
    expect(runtime).toContain('COPY --from=build /app/.next/builds ./.next/builds');
  });

  it('installs with the repository\'s .npmrc (no install scripts) and builds the web app with the CLI', () => {
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
    for (const stage of ['deps', 'prod-deps']) {
      const s = stageOf(stage);
      const copy = s.findIndex((l) => l.startsWith('COPY ') && l.includes('.npmrc'));
      const install = s.findIndex((l) => /\bnpm ci\b/.test(l));
      expect(copy, stage).toBeGreaterThanOrEqual(0);
      expect(install, stage).toBeGreaterThan(copy);
    }
    expect(dockerfile).not.toMatch(/ignore-scripts=false|--ignore-scripts\s+false|npm rebuild|playwright install/);
    expect(stageOf('build').join('\n')).toContain('node bin/headrace.js build-web');
    expect(readFileSync(join(root, 'cli', 'main.ts'), 'utf8')).toContain("program.command('build-web')");
  });

  it('builds from a context without local state, packages or builds', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const p of ['.git', 'node_modules', '.next', '.headrace']) expect(ignored).toContain(p);
  });
});
