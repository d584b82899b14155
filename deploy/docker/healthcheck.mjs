// The image's HEALTHCHECK (Dockerfile): asks the Headrace process the container runs (PID 1) how it is.
// `serve`: the predict server's /v2/health/live; `start` and `api`: the API's /healthz; `worker` has no HTTP port and is
// healthy while it runs (it exits when it loses Temporal for good). Kubernetes ignores HEALTHCHECK and uses the
// probes of deploy/kubernetes/ instead.
import { readFileSync } from 'node:fs';

const argv = readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter(Boolean);
const at = argv.findIndex((a) => a.endsWith('headrace.js'));
const args = at >= 0 ? argv.slice(at + 1) : [];
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

let url;
if (args[0] === 'serve') url = `http://127.0.0.1:${option('--port') ?? process.env.HEADRACE_SERVE_PORT ?? 8080}/v2/health/live`;
else if (args[0] === 'api') url = `http://127.0.0.1:${option('--port') ?? process.env.HEADRACE_PORT ?? 3000}/healthz`;
else if (args[0] === 'start' || args.length === 0) url = `http://127.0.0.1:${process.env.HEADRACE_PORT ?? 3000}/healthz`;
else process.exit(0);

const res = await fetch(url, { signal: AbortSignal.timeout(4000) }).catch(() => undefined);
process.exit(res?.ok ? 0 : 1);
