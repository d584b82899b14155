// tRPC setup in three parts: the request context, the init (transformer + error shape), the procedures.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import { audit } from '../db/repo/audit';
import type { Services } from '../services/context';
import { ServiceError } from '../services/errors';

// --- context -------------------------------------------------------------
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, once authenticated. */
export interface Principal {
  /** null for the built-in loopback admin of embedded mode when auth is not required. */
  userId: string | null;
  username: string;
  role: Role;
  via: 'session' | 'token' | 'loopback';
}

export interface ApiContext {
  svc: Services;
  /** null when the request carried no valid credentials. */
  principal: Principal | null;
}

/** The name recorded as author and in the audit log. */
export const actorOf = (ctx: ApiContext) => ctx.principal?.username ?? 'anonymous';

// --- init ----------------------------------------------------------------
const t = initTRPC.context<ApiContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      // An invalid input is one sentence naming the field, never zod's JSON dump (the issues stay in data.zod).
      message: cause instanceof z.ZodError ? inputErrorSentence(cause) : shape.message,
      data: {
        ...shape.data,
        zod: cause instanceof z.ZodError ? z.flattenError(cause) : undefined,
        diagnostics: cause instanceof ServiceError ? cause.diagnostics : undefined,
      },
    };
  },
});

/** `params.minAccuracy: expected number, received string` for the first issue, and how many more there are. */
export function inputErrorSentence(err: z.ZodError): string {
  const [first, ...rest] = err.issues;
  if (!first) return 'invalid input';
  const field = first.path.map(String).join('.') || 'input';
  const message = first.message.replace(/^Invalid input: /, '');
  return `${field}: ${message}${rest.length ? ` (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'})` : ''}`;
}

/** Maps service errors to tRPC codes so clients see BAD_REQUEST / NOT_FOUND, not a 500. */
const serviceErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && res.error.cause instanceof ServiceError) {
    const cause = res.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return res;
});

/** The object a mutation acts on, read from its raw input (a name, an id, a model@version). */
function auditTarget(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const o = input as Record<string, unknown>;
  const pick = (k: string) => (typeof o[k] === 'string' || typeof o[k] === 'number' ? String(o[k]) : undefined);
  const base = pick('id') ?? pick('name') ?? pick('pipeline') ?? pick('model') ?? pick('username');
  const version = pick('version');
  return base && version ? `${base}@${version}` : base;
}

/** What a decision was about and why (an approval's step and reason, a stage, a pause note, a new name), kept with its row. */
function auditFacts(input: unknown): Record<string, string> | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const o = input as Record<string, unknown>;
  const facts = Object.fromEntries(
    (['step', 'stage', 'reason', 'newName'] as const).flatMap((k) => (typeof o[k] === 'string' ? [[k, (o[k] as string).slice(0, 500)]] : [])),
  );
  return Object.keys(facts).length > 0 ? facts : undefined;
}

/**
 * Every mutation, allowed or refused, leaves exactly one audit row: who, what, the target, the outcome
 * (`ok`, or the error code such as `FORBIDDEN`). It is the outermost middleware so refusals are recorded too.
 */
const audited = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  const res = await next();
  if (type !== 'mutation') return res;
  // An unreadable body has already failed the call (PARSE_ERROR), which `res` carries: the row records that.
  const raw = await getRawInput().catch(() => undefined);
  const facts = auditFacts(raw);
  const outcome = res.ok ? resultId(res.data) : { code: res.error.code, message: res.error.message };
  await audit(ctx.svc.db, {
    actor: actorOf(ctx),
    action: path,
    target: auditTarget(raw),
    outcome: res.ok ? 'ok' : res.error.code === 'FORBIDDEN' || res.error.code === 'UNAUTHORIZED' ? 'denied' : 'error',
    details: facts || outcome ? { ...facts, ...outcome } : undefined,
  });
  return res;
});

/** The id a mutation created (a run, a version, a token), so the audit row can point at it. */
function resultId(data: unknown): { id: string } | undefined {
  const id = data && typeof data === 'object' ? (data as Record<string, unknown>).id ?? (data as Record<string, unknown>).versionId : undefined;
  return typeof id === 'string' ? { id } : undefined;
}

const rank = (r: Role) => ROLES.indexOf(r);

/** Requires a principal with at least `role`: UNAUTHORIZED without credentials, FORBIDDEN below the role. */
const requireRole = (role: Role) =>
  t.middleware(({ ctx, next }) => {
    const p = ctx.principal;
    if (!p) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in or send `Authorization: Bearer hr_…`' });
    if (rank(p.role) < rank(role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `needs role ${role}; ${p.username} is ${p.role}` });
    }
    return next({ ctx: { ...ctx, principal: p } });
  });

// --- procedures ----------------------------------------------------------
export const router = t.router;
const base = t.procedure.use(audited).use(serviceErrors);
/** No credentials needed (signing in, health). */
export const publicProcedure = base;
/** Read access. */
export const viewerProcedure = base.use(requireRole('viewer'));
/** Save pipelines, start and cancel runs. */
export const editorProcedure = base.use(requireRole('editor'));
/** Users, tokens, the audit log, registry stage `production`. */
export const adminProcedure = base.use(requireRole('admin'));
