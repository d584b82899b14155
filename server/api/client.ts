// A typed client of the API for the CLI and scripts (`import { createHeadraceClient } from 'headrace/client'`).
// Queries and mutations go over plain HTTP; subscriptions (run.events) over server-sent events. A query whose
// input would make a long URL (a pipeline's source for pipeline.validate, from `headrace apply`) is sent as a POST
// body instead: servers refuse request lines and headers past 16 KiB (431), bodies are bounded only by the API's
// body limit.
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
        false: splitLink({
          condition: (op) => op.type === 'query' && longInput(op.input),
          true: httpLink({ url, transformer: superjson, headers, methodOverride: 'POST' }),
          false: httpLink({ url, transformer: superjson, headers }),
        }),
      }),
    ],
  });
}

export type HeadraceClient = ReturnType<typeof createHeadraceClient>;

/** Inputs over 4 KiB as JSON go in a POST body: URL-encoded they can pass the 16 KiB a server takes for headers. */
const LONG_INPUT = 4096;

function longInput(input: unknown): boolean {
  if (input === undefined) return false;
  try {
    return JSON.stringify(input).length > LONG_INPUT;
  } catch {
    return false;
  }
}
