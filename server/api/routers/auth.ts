// auth.*: who am I, and password sign-in that hands a script (or `headrace login`) a fresh API token.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { createToken, TOKEN_SCOPES } from '../../auth/tokens';
import { checkPassword } from '../../auth/users';
import { publicProcedure, ROLES, router, viewerProcedure } from '../trpc';

const PrincipalOut = z.object({
  userId: z.string().nullable(),
  username: z.string(),
  role: z.enum(ROLES),
  via: z.enum(['session', 'token', 'loopback']),
});

export const authRouter = router({
  me: viewerProcedure.output(PrincipalOut).query(({ ctx }) => ctx.principal),
  login: publicProcedure
    .input(z.object({ username: z.string().min(1), password: z.string().min(1), tokenName: z.string().min(1).max(100).optional() }))
    .output(z.object({
      id: z.string(), token: z.string(), prefix: z.string(), expiresAt: z.date().nullable(), scopes: z.array(z.enum(TOKEN_SCOPES)),
      username: z.string(), role: z.enum(ROLES),
    }))
    .mutation(async ({ ctx, input }) => {
      const user = await checkPassword(ctx.svc.db, input.username, input.password);
      if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong username or password' });
      // CLI sign-ins get a token that expires, so a forgotten laptop does not hold access for ever. It is the
      // person's own token, so it may also call endpoints that require a token (`headrace predict`).
      const token = await createToken(ctx.svc.db, {
        userId: user.id, name: input.tokenName ?? 'headrace login', expiresInDays: 90, scopes: ['api', 'predict'],
      });
      return { ...token, username: user.username, role: user.role as (typeof ROLES)[number] };
    }),
});
