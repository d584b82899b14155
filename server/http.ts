// The web server: the tRPC API at /api/trpc, a health check, the sign-in form routes, and (when built)
// the Next.js app for the rest — behind the login gate when auth is required.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import superjson from 'superjson';
import { appRouter } from './api/root';
import { takeApiBody } from './api/body-limit';
import { handleRest } from './api/rest/handler';
import { openApiDocument } from './api/rest/openapi';
import { handleModelDownload } from './artifacts/model-download';
import type { ApiContext } from './api/trpc';
import { resolveCaller } from './auth/principal';
import { handleDataUpload } from './data-files/upload';
import { handleTriggerWebhook } from './triggers-route';
import { internalErrorId } from './auth/error-detail';
import { DATABASE_RETRY_AFTER_S, DATABASE_UNAVAILABLE_MESSAGE, databaseUnavailable } from './db/unavailable';
import { refusal } from './auth/request-guard';
import { clientAddressOf, SignInLimit, SignInLocked } from './auth/sign-in-limit';
import { gatePage, handleAuthRoute, type WebAuthOptions } from './auth/web';
import type { Services } from './services/context';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export async function startHttpServer(opts: {
  svc: Services;
  host: string;
  port: number;
  /** Serves everything that is not the API (the Next.js request handler). */
  web?: Handler;
  /** The launcher's supervisor's view of its components, for `/healthz` (cli/platform/supervisor.ts). */
  health?: () => { status: 'ok' | 'degraded'; degraded: string[]; components: Record<string, unknown> };
}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const authRequired = opts.svc.config.auth.required;
  // One sign-in limit for both doors (auth.login and the form), so a guesser cannot double its tries.
  const signInLimit = new SignInLimit(opts.svc.db);
  const web: WebAuthOptions = { db: opts.svc.db, authRequired, secureCookies: opts.svc.config.url.startsWith('https:'), signInLimit };
  const contextOf = async (req: IncomingMessage): Promise<ApiContext> => {
    const { principal, refusal } = await resolveCaller(opts.svc.db, req.headers, authRequired);
    return { svc: opts.svc, principal, authRefusal: refusal, clientAddress: clientAddressOf(req), signInLimit };
  };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    // The client sends a query with a long input (a pipeline's source) as a POST body (server/api/client.ts).
    allowMethodOverride: true,
    createContext: ({ req }) => contextOf(req),
    // A locked sign-in (429) says when to come back, and so does a 503 while the database is unavailable.
    responseMeta: ({ errors }) => {
      const locked = errors.map((e) => e.cause).find((c): c is SignInLocked => c instanceof SignInLocked);
      if (locked) return { headers: { 'retry-after': String(locked.retryAfterS) } };
      return errors.some((e) => databaseUnavailable(e)) ? { headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) } } : {};
    },
  });
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    // DNS rebinding against the loopback mode, and cross-site changes (server/auth/request-guard.ts).
    const refused = refusal(req, { authRequired, url: opts.svc.config.url });
    if (refused) return refuse(res, url, refused.status, refused.message);
    // A body is read within API_BODY_LIMIT before tRPC sees it; a larger one is answered 413 there.
    if (url.startsWith('/api/trpc/')) return void ((await takeApiBody(req, res)) || trpc(req, res));
    // The REST door over the same procedures (server/api/rest), and its OpenAPI document.
    if (url === '/api/openapi.json' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(openApiDocument()));
      return;
    }
    if (await handleRest(req, res, { createContext: contextOf })) return;
    if (url === '/healthz') {
      // `ok`: this server answers (as before); `status` and `components`: what the launcher supervises, each
      // component's state — 200 either way, and cheap: nothing here queries the database or Temporal.
      const health = opts.health?.() ?? { status: 'ok', degraded: [], components: {} };
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ ok: true, authRequired, ...health }));
      return;
    }
    if (await handleModelDownload(req, res, opts.svc)) return;
    if (await handleDataUpload(req, res, opts.svc)) return;
    if (await handleTriggerWebhook(req, res, opts.svc)) return;
    if (await handleAuthRoute(req, res, web)) return;
    if (await gatePage(req, res, web)) return;
    if (opts.web) return void (await opts.web(req, res));
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found (the web app is not running)\n');
  };
  const server = createServer((req, res) => {
    serve(req, res).catch((err: unknown) => {
      if (databaseUnavailable(err)) {
        console.error(`database unavailable in ${req.method} ${(req.url ?? '/').split('?')[0]}`);
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': String(DATABASE_RETRY_AFTER_S) });
        return void res.end(`${DATABASE_UNAVAILABLE_MESSAGE}\n`);
      }
      // The detail goes to the log under an id; the answer gives only the id (server/auth/error-detail.ts).
      const id = internalErrorId(err instanceof Error ? err : new Error(String(err)), `${req.method} ${(req.url ?? '/').split('?')[0]}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`internal error (id ${id}): the server's log has the detail\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    server,
    url: `http://${opts.host}:${port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * A refusal before any route: as a tRPC error under /api/trpc/ (so the CLI and scripts show its sentence), as JSON
 * `{ error }` under the other API paths, as text elsewhere.
 */
function refuse(res: ServerResponse, url: string, status: number, message: string): void {
  const path = url.split('?')[0];
  if (path.startsWith('/api/trpc/')) {
    const procedure = path.slice('/api/trpc/'.length);
    const error = superjson.serialize({ message, code: -32003, data: { code: 'FORBIDDEN', httpStatus: status, path: procedure } });
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
  } else if (path.startsWith('/api/') || path.startsWith('/v1/')) {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: message }));
  } else {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
  }
}
