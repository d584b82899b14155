// A typed client of the API for the CLI and scripts (`import { createHeadraceClient } from 'headrace/client'`).
// Queries and mutations go over plain HTTP; subscriptions (run.events) over server-sent events.
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import superjson from 'superjson';
import { FetchEventSource } from './event-source';
import type { AppRouter } from './root';

export type { AppRouter } from './root';

export function createHeadraceClient(opts: { url: string; token?: string }) {
  const url = `${opts.url.replace(/\/$/, '')}/api/trpc`;
  const headers = (): Record<string, string> => (opts.token ? { authorization: `Bearer ${opts.token}` } : {});
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          EventSource: FetchEventSource,
          eventSourceOptions: () => ({ headers: headers() }),
        }),
        false: httpLink({ url, transformer: superjson, headers }),
      }),
    ],
  });
}

export type HeadraceClient = ReturnType<typeof createHeadraceClient>;
