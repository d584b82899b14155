// auth.*: who am I, and password sign-in that hands a script (or `headrace login`) a fresh API token.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { SignInLimit, type SignInLocked } from '../../auth/sign-in-limit';
import { createToken, TOKEN_SCOPES } from '../../auth/tokens';
import { checkPassword } from '../../auth/users';
import { publicProcedure, ROLES, router, viewerProcedure } from '../trpc';

const PrincipalOut = z.object({
  userId: z.string().nullable(),
  username: z.string(),
  role: z.enum(ROLES),
  via: z.enum(['session', 'token', 'loopback']),
}).meta({ id: 'Principal' });

/** HTTP 429; the server adds Retry-After from the cause (server/http.ts), the formatter `data.retryAfterSeconds`. */
const tooMany = (message: string, cause: SignInLocked) => new TRPCError({ code: 'TOO_MANY_REQUESTS', message, cause });

export const authRouter = router({
  me: viewerProcedure.meta({ openapi: { method: 'GET', path: '/me', tags: ['auth'], summary: 'Who the caller is' } }).output(PrincipalOut).query(({ ctx }) => ctx.principal),
  login: publicProcedure
    .input(z.object({ username: z.string().min(1), password: z.string().min(1), tokenName: z.string().min(1).max(100).optional() }))
    .output(z.object({
      id: z.string(), token: z.string(), prefix: z.string(), expiresAt: isoDate().nullable(), scopes: z.array(z.enum(TOKEN_SCOPES)),
      username: z.string(), role: z.enum(ROLES),
    }))
    .mutation(async ({ ctx, input }) => {
      // Too many failures for the account or from the address: refused before the password is even checked.
      const limit = ctx.signInLimit ?? new SignInLimit(ctx.svc.db);
      const address = ctx.clientAddress ?? 'unknown';
      const locked = await limit.locked(input.username, address);
      if (locked) throw tooMany(locked.message, locked);
      const user = await checkPassword(ctx.svc.db, input.username, input.password);
      if (!user) {
        const lock = await limit.failed(input.username, address);
        if (lock) throw tooMany(`wrong username or password, and ${lock.message}`, lock);
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong username or password' });
      }
      await limit.succeeded(input.username);
      // CLI sign-ins get a token that expires, so a forgotten laptop does not hold access for ever. It is the
      // person's own token, so it may also call endpoints that require a token (`headrace predict`).
      const token = await createToken(ctx.svc.db, {
        userId: user.id, name: input.tokenName ?? 'headrace login', expiresInDays: 90, scopes: ['api', 'predict'],
      });
      return { ...token, username: user.username, role: user.role as (typeof ROLES)[number] };
    }),
});
