// The web server: the tRPC API at /api/trpc, a health check, the sign-in form routes, and (when built)
// the Next.js app for the rest — behind the login gate when auth is required.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from './api/root';
import { handleModelDownload } from './artifacts/model-download';
import type { ApiContext } from './api/trpc';
import { resolveCaller } from './auth/principal';
import { handleDataUpload } from './data-files/upload';
import { handleTriggerWebhook } from './triggers-route';
import { gatePage, handleAuthRoute, type WebAuthOptions } from './auth/web';
import type { Services } from './services/context';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export async function startHttpServer(opts: {
  svc: Services;
  host: string;
  port: number;
  /** Serves everything that is not the API (the Next.js request handler). */
  web?: Handler;
}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const authRequired = opts.svc.config.auth.required;
  const web: WebAuthOptions = { db: opts.svc.db, authRequired, secureCookies: opts.svc.config.url.startsWith('https:') };
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: async ({ req }): Promise<ApiContext> => {
      const { principal, refusal } = await resolveCaller(opts.svc.db, req.headers, authRequired);
      return { svc: opts.svc, principal, authRefusal: refusal };
    },
  });
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/trpc/')) return void trpc(req, res);
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, authRequired }));
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
    serve(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
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
