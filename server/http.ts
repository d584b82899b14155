// The web server: the tRPC API at /api/trpc, a health check, and (when built) the Next.js app for the rest.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { appRouter } from './api/root';
import type { ApiContext } from './api/trpc';
import type { Services } from './services/context';

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export async function startHttpServer(opts: {
  svc: Services;
  host: string;
  port: number;
  /** Serves everything that is not the API (the Next.js request handler). */
  web?: Handler;
}): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    // Embedded mode on loopback: every caller acts as the local admin (authentication arrives with the API issue).
    createContext: (): ApiContext => ({ svc: opts.svc, principal: { userId: null, username: 'local-admin', role: 'admin', via: 'loopback' } }),
  });
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/trpc/')) return void trpc(req, res);
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      return;
    }
    if (opts.web) return void Promise.resolve(opts.web(req, res)).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found (the web app is not running)\n');
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
