// Environment variables, parsed once with zod so a bad value fails at start with a clear message.
import { resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  HEADRACE_HOME: z.string().default('.headrace'),
  HEADRACE_HOST: z.string().default('127.0.0.1'),
  HEADRACE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HEADRACE_URL: z.string().url().optional(),
  HEADRACE_DB_PORT: z.coerce.number().int().min(0).max(65535).default(5532),
  HEADRACE_ARTIFACTS: z.string().optional(),
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
    artifactsDir: resolve(e.HEADRACE_ARTIFACTS ?? `${home}/artifacts`),
    dataRoots: dataRootsOf(e.HEADRACE_DATA_ROOTS, home),
    uploadMaxBytes: e.HEADRACE_UPLOAD_MAX_BYTES,
    logLevel: e.HEADRACE_LOG_LEVEL,
    auth: { required: e.HEADRACE_AUTH === 'required' || !isLoopback(e.HEADRACE_HOST), adminPassword: e.HEADRACE_ADMIN_PASSWORD },
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    temporalPort: e.TEMPORAL_PORT,
    temporalUiPort: e.TEMPORAL_UI_PORT,
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
