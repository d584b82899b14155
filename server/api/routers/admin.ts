// admin.*: users, API tokens (created, listed, revoked), the audit log and artifact garbage collection. Admins only.
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { DURATION } from '../../../dsl/grammar';
import { durationSeconds } from '../../../dsl/compile/duration';
import { collectGarbage } from '../../artifacts/gc';
import { openArtifactStore } from '../../artifacts/open';
import { listAudit } from '../../auth/audit-log';
import { SignInLimit } from '../../auth/sign-in-limit';
import { createToken, findToken, listTokens, revokeToken, TOKEN_SCOPES } from '../../auth/tokens';
import { createUser, findUser, listUsers, resetPassword, setUserDisabled, setUserRole } from '../../auth/users';
import { ServiceError } from '../../services/errors';
import { adminProcedure, ROLES, router } from '../trpc';

const Username = z.string().regex(/^[a-z][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, . _ -; starts with a letter');
const User = z.object({ id: z.string(), username: z.string(), role: z.string(), disabled: z.boolean(), createdAt: isoDate() });
const Token = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  username: z.string(),
  createdAt: isoDate(),
  expiresAt: isoDate().nullable(),
  revokedAt: isoDate().nullable(),
  lastUsedAt: isoDate().nullable(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
});
/** `api`: the API as the user's role allows; `predict`: endpoints of predict servers that require a token. */
const Scopes = z.array(z.enum(TOKEN_SCOPES)).min(1).max(10);
const GcResultSchema = z.object({
  dryRun: z.boolean(),
  cutoff: isoDate(),
  heldBy: z.object({ runId: z.string(), createdAt: isoDate() }).nullable(),
  stored: z.object({ count: z.number(), bytes: z.number() }),
  kept: z.object({ referenced: z.number(), recent: z.number(), bytes: z.number() }),
  removed: z.array(z.object({ uri: z.string(), size: z.number(), modified: isoDate() })),
  removedBytes: z.number(),
});
const AuditRow = z.object({
  id: z.number(),
  at: isoDate(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.string(),
  details: z.unknown(),
});

export const adminRouter = router({
  users: adminProcedure.output(z.array(User)).query(({ ctx }) => listUsers(ctx.svc.db)),
  createUser: adminProcedure
    .input(z.object({ username: Username, role: z.enum(ROLES), password: z.string().min(8).optional() }))
    .output(User)
    .mutation(async ({ ctx, input }) => {
      if (await findUser(ctx.svc.db, input.username)) throw new ServiceError('CONFLICT', `user "${input.username}" exists`);
      return createUser(ctx.svc.db, input);
    }),
  /** Another role for a user, from their next request on; refused (CONFLICT) for the last enabled admin. */
  setUserRole: adminProcedure
    .input(z.object({ username: Username, role: z.enum(ROLES) }))
    .output(User)
    .mutation(async ({ ctx, input }) => {
      ctx.auditNote.facts = { role: input.role };
      return setUserRole(ctx.svc.db, input.username, input.role);
    }),
  /**
   * Disables a user (`disabled: true`: their sessions end, their tokens are refused from the next request) or enables
   * them again (`false`: their tokens work again, and their sign-in lock is lifted). Refused for the last enabled admin.
   */
  setUserDisabled: adminProcedure
    .input(z.object({ username: Username, disabled: z.boolean() }))
    .output(User)
    .mutation(async ({ ctx, input }) => {
      ctx.auditNote.facts = { disabled: String(input.disabled) };
      const user = await setUserDisabled(ctx.svc.db, input.username, input.disabled);
      if (!input.disabled) await (ctx.signInLimit ?? new SignInLimit(ctx.svc.db)).clear(input.username);
      return user;
    }),
  /**
   * A new password for a user: the one given, or a random one in this answer only (`password`). Their browser
   * sessions end and their sign-in lock is lifted; their API tokens are kept.
   */
  resetPassword: adminProcedure
    .input(z.object({ username: Username, password: z.string().min(8).max(1000).optional() }))
    .output(User.extend({ password: z.string().optional() }))
    .mutation(async ({ ctx, input }) => {
      const { user, password } = await resetPassword(ctx.svc.db, input.username, input.password);
      await (ctx.signInLimit ?? new SignInLimit(ctx.svc.db)).clear(input.username);
      return { ...user, ...(password !== undefined ? { password } : {}) };
    }),
  /**
   * A token for a user (default: the caller) with its scopes (default `api`; a predict-only token for an
   * application is `['predict']`). The secret is in this answer only.
   */
  createToken: adminProcedure
    .input(z.object({
      name: z.string().min(1).max(100),
      expiresInDays: z.number().int().min(1).max(3650).optional(),
      username: Username.optional(),
      scopes: Scopes.optional(),
    }))
    .output(z.object({ id: z.string(), token: z.string(), prefix: z.string(), expiresAt: isoDate().nullable(), scopes: z.array(z.enum(TOKEN_SCOPES)) }))
    .mutation(async ({ ctx, input }) => {
      const username = input.username ?? (ctx.principal.userId ? ctx.principal.username : undefined);
      if (!username) throw new ServiceError('BAD_REQUEST', 'the loopback admin has no user of its own: give `username`');
      const user = await findUser(ctx.svc.db, username);
      if (!user) throw new ServiceError('NOT_FOUND', `no user "${username}"`);
      return createToken(ctx.svc.db, { userId: user.id, name: input.name, expiresInDays: input.expiresInDays, scopes: input.scopes });
    }),
  /** Effective at once at the API (the next request with the token is refused); on predict servers within their token cache (5 s). */
  revokeToken: adminProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(z.object({ id: z.string(), revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeToken(ctx.svc.db, input.id))) {
        const found = await findToken(ctx.svc.db, input.id);
        if (!found) throw new ServiceError('NOT_FOUND', `no token ${input.id}`);
        throw new ServiceError('CONFLICT', `token ${input.id} was revoked already`);
      }
      return { id: input.id, revoked: true as const };
    }),
  tokens: adminProcedure
    .input(z.object({ username: Username.optional() }).default({}))
    .output(z.array(Token))
    .query(({ ctx, input }) => listTokens(ctx.svc.db, input.username)),
  audit: adminProcedure
    .input(
      z.object({
        cursor: z.string().regex(/^\d+$/, 'a cursor from a previous page').optional(),
        limit: z.number().int().min(1).max(500).default(50),
        action: z.string().optional(),
        actor: z.string().optional(),
      }).default({ limit: 50 }),
    )
    .output(z.object({ items: z.array(AuditRow), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listAudit(ctx.svc.db, input)),
  /**
   * Removes the stored artifacts no run, model version, dataset, deployment or monitor references and that are
   * older than `olderThan` (default 1h), from the platform's artifact store (local or S3). `dryRun` lists them only.
   */
  gc: adminProcedure
    .input(z.object({
      dryRun: z.boolean().default(false),
      olderThan: z.string().regex(DURATION, 'a duration like "30s", "10m", "1h" or "7d"').optional(),
    }).default({ dryRun: false }))
    .output(GcResultSchema)
    .mutation(({ ctx, input }) => collectGarbage(ctx.svc.db, openArtifactStore(ctx.svc.config), {
      dryRun: input.dryRun,
      ...(input.olderThan !== undefined ? { olderThanMs: (durationSeconds(input.olderThan) ?? 0) * 1000 } : {}),
    })),
});
