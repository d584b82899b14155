// tRPC setup in three parts: the request context, the init (transformer + error shape), the procedures.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import type { Services } from '../services/context';
import { ServiceError } from '../services/errors';

// --- context -------------------------------------------------------------
export interface ApiContext {
  svc: Services;
  /** Who is calling. Embedded mode on loopback acts as the local admin; auth arrives with the API issue. */
  actor: string;
}

// --- init ----------------------------------------------------------------
const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        zod: cause instanceof z.ZodError ? z.flattenError(cause) : undefined,
        diagnostics: cause instanceof ServiceError ? cause.diagnostics : undefined,
      },
    };
  },
});

/** Maps service errors to tRPC codes so clients see BAD_REQUEST / NOT_FOUND, not a 500. */
const serviceErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof ServiceError) {
    const cause = res.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return res;
});

// --- procedures ----------------------------------------------------------
export const router = t.router;
export const publicProcedure = t.procedure.use(serviceErrors);
