// A typed client of the API for the CLI and scripts.
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from './root';

export function createHeadraceClient(opts: { url: string; token?: string }) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${opts.url.replace(/\/$/, '')}/api/trpc`,
        transformer: superjson,
        headers: () => (opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      }),
    ],
  });
}

export type HeadraceClient = ReturnType<typeof createHeadraceClient>;
