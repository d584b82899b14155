// Environment variables, parsed once with zod so a bad value fails at start with a clear message.
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  HEADRACE_HOME: z.string().default('.headrace'),
  HEADRACE_HOST: z.string().default('127.0.0.1'),
  HEADRACE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HEADRACE_URL: z.string().url().optional(),
  HEADRACE_DB_PORT: z.coerce.number().int().min(0).max(65535).default(5532),
  /** The artifact store: a folder, or `s3://bucket/prefix` (server/artifacts/open.ts). */
  HEADRACE_ARTIFACTS: z.string().optional(),
  // An S3 store's endpoint, region and credentials: the AWS SDK's own variables (docs/storage.md). Not checked
  // here (other tools on the machine read them too): an S3 store checks the endpoint when it opens.
  AWS_ENDPOINT_URL_S3: z.string().optional(),
  AWS_ENDPOINT_URL: z.string().optional(),
  AWS_REGION: z.string().optional(),
  AWS_DEFAULT_REGION: z.string().optional(),
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  AWS_SESSION_TOKEN: z.string().optional(),
  /** Path-style requests (`endpoint/bucket/key`): on by default with an endpoint URL (S3-compatible servers), else off. */
  HEADRACE_S3_PATH_STYLE: z.enum(['true', 'false']).optional(),
  HEADRACE_DATA_ROOTS: z.string().optional(),
  /** The largest data file the browser may upload (bytes; 256 MiB unless set). */
  HEADRACE_UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(256 * 1024 * 1024),
  /** `required`: every API call and page needs a session or a token. `auto`: required unless bound to loopback. */
  HEADRACE_AUTH: z.enum(['required', 'auto']).default('auto'),
  /** The first admin's password on a fresh platform (else a random one, printed once). */
  HEADRACE_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Where applications reach the predict server (the web app's usage snippets); else 127.0.0.1:HEADRACE_SERVE_PORT. */
  HEADRACE_SERVE_URL: z.string().url().optional(),
  HEADRACE_SERVE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** The workers' niceness (0-19): where they share a machine with the API and the predict server (workers/priority.ts). */
  HEADRACE_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(0),
  HEADRACE_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
  DATABASE_URL: z.string().optional(),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_PORT: z.coerce.number().int().min(0).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(0).max(65535).default(8233),
});

export type HeadraceConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`bad environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const home = resolve(e.HEADRACE_HOME);
  return {
    home,
    host: e.HEADRACE_HOST,
    port: e.HEADRACE_PORT,
    url: e.HEADRACE_URL ?? `http://127.0.0.1:${e.HEADRACE_PORT}`,
    dbPort: e.HEADRACE_DB_PORT,
    serveUrl: (e.HEADRACE_SERVE_URL ?? `http://127.0.0.1:${e.HEADRACE_SERVE_PORT}`).replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    ...artifactsOf(e, home),
    dataRoots: dataRootsOf(e.HEADRACE_DATA_ROOTS, home),
    uploadMaxBytes: e.HEADRACE_UPLOAD_MAX_BYTES,
    logLevel: e.HEADRACE_LOG_LEVEL,
    workerNice: e.HEADRACE_WORKER_NICE,
    auth: { required: e.HEADRACE_AUTH === 'required' || !isLoopback(e.HEADRACE_HOST), adminPassword: e.HEADRACE_ADMIN_PASSWORD },
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT,
  };
}

/**
 * Where artifacts live. `artifacts`: a local folder (absolute) or `s3://bucket/prefix` as given, passed on to the
 * processes the launcher starts. `artifactCacheDir`: where an S3 store keeps the files `path()` downloads.
 * `predictionsDir`: the prediction log (mutable files, never in the content-addressed store): beside a local
 * store's folder, else HOME/predictions.
 */
function artifactsOf(e: z.infer<typeof Env>, home: string) {
  const given = e.HEADRACE_ARTIFACTS?.trim() || undefined;
  const s3 = given !== undefined && /^s3:\/\//i.test(given);
  const artifacts = s3 ? given : resolve(given ?? `${home}/artifacts`);
  const endpoint = e.AWS_ENDPOINT_URL_S3?.trim() || e.AWS_ENDPOINT_URL?.trim() || undefined;
  return {
    artifacts,
    artifactCacheDir: resolve(home, 'cache', 'artifacts'),
    predictionsDir: s3 ? resolve(home, 'predictions') : join(dirname(artifacts), 'predictions'),
    s3: {
      endpoint,
      region: e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? 'us-east-1',
      forcePathStyle: e.HEADRACE_S3_PATH_STYLE ? e.HEADRACE_S3_PATH_STYLE === 'true' : endpoint !== undefined,
      // Absent: the SDK's default chain (process environment, shared config files, instance roles).
      credentials: e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY, ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}) }
        : undefined,
    },
  };
}

/**
 * The folders ingestion may read below, fixed by the server at start and never taken from a request:
 * `HEADRACE_DATA_ROOTS` (comma separated), else the platform's `data/` folder and the folder it was started from.
 */
function dataRootsOf(value: string | undefined, home: string): string[] {
  const listed = (value ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  return listed.length > 0 ? listed.map((p) => resolve(p)) : [resolve(home, 'data'), process.cwd()];
}

/** Only a loopback bind keeps the platform to this machine's users; anything else requires auth. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
