// tRPC setup in three parts: the request context, the init (transformer + error shape), the procedures.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { z } from 'zod';
import { audit } from '../db/repo/audit';
import type { Services } from '../services/context';
import { ServiceError } from '../services/errors';
import { flattenIssue, formatPath, issueSentence, type Issue } from '../../dsl/check/issue-text';
import { errorDetailShown, internalErrorId } from '../auth/error-detail';
import { DATABASE_RETRY_AFTER_S, DATABASE_UNAVAILABLE_MESSAGE, databaseUnavailableCause } from '../db/unavailable';
import { SignInLocked, type SignInLimit } from '../auth/sign-in-limit';

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
  /** Why the credentials sent were refused, when there is more to say than "sign in" (a predict-only token). */
  authRefusal?: string;
  /** The caller's network address (the sign-in limit per address); absent outside the HTTP server. */
  clientAddress?: string;
  /** The sign-in limit (server/auth/sign-in-limit.ts; its counts are in the database); absent outside the HTTP server. */
  signInLimit?: SignInLimit;
}

/** The name recorded as author and in the audit log. */
export const actorOf = (ctx: ApiContext) => ctx.principal?.username ?? 'anonymous';

// --- init ----------------------------------------------------------------
// `meta.openapi` puts a procedure on the REST API too (/api/v1, server/api/rest.ts; docs/api.md, "REST").
const t = initTRPC.context<ApiContext>().meta<OpenApiMeta>().create({
  transformer: superjson,
  // Stack traces are added by the formatter below, and only where errorDetailShown() says so.
  isDev: false,
  errorFormatter({ shape, error, input, path }) {
    const cause = error.cause;
    const detail = errorDetailShown();
    // The database down or restarting is not a fault of the request or the code: 503 with a retry hint (the
    // HTTP server adds Retry-After, server/http.ts), one log line and no error id; a client retries.
    // The log line names the driver's error only (not the query, whose parameters may be a person's data).
    const down = databaseUnavailableCause(error);
    const unavailable = down !== undefined;
    if (down) console.error(`database unavailable${path ? ` in ${path}` : ''}: ${down.message}`);
    // An internal error's own words (a driver's message, a file path) stay in the server's log, under an id the
    // answer gives; outside development the answer carries nothing else of it (docs/security.md, "Error answers").
    const internal = error.code === 'INTERNAL_SERVER_ERROR' && !unavailable ? internalErrorId(error, path) : undefined;
    const { stack: _stack, ...data } = shape.data as typeof shape.data & { stack?: string };
    return {
      ...shape,
      // An invalid input is one sentence naming the field, never zod's JSON dump (the issues stay in data.zod).
      message: cause instanceof z.ZodError
        ? inputErrorSentence(cause, input)
        : unavailable ? DATABASE_UNAVAILABLE_MESSAGE
        : internal && !detail ? `internal error (id ${internal}): the server's log has the detail` : shape.message,
      data: {
        ...data,
        ...(unavailable ? { code: 'SERVICE_UNAVAILABLE' as const, httpStatus: 503 } : {}),
        ...(detail && error.stack && !unavailable ? { stack: error.stack } : {}),
        ...(internal ? { errorId: internal } : {}),
        zod: cause instanceof z.ZodError ? z.flattenError(cause) : undefined,
        diagnostics: cause instanceof ServiceError ? cause.diagnostics : undefined,
        retryAfterSeconds: cause instanceof SignInLocked ? cause.retryAfterS : unavailable ? DATABASE_RETRY_AFTER_S : undefined,
      },
    };
  },
});

/**
 * `params.minAccuracy must be a number, got "high".` for the first issue, and how many more there are, worded
 * by the checker's issue-text (the same words as the config form). tRPC parses without `reportInput`, so the
 * value each issue is about is looked up in the raw input by its path: a given value is told from a missing one.
 */
export function inputErrorSentence(err: z.ZodError, input?: unknown): string {
  const [first, ...rest] = err.issues;
  if (!first) return 'The input is not valid.';
  const issue = withInput(first as Issue, input);
  const sentence = issueSentence(issue, formatPath(flattenIssue(issue).path as PropertyKey[]) || 'input');
  if (rest.length === 0) return sentence;
  return `${sentence.replace(/\.$/, '')} (and ${rest.length} more ${rest.length === 1 ? 'problem' : 'problems'}).`;
}

/** Every issue of an invalid input as its field (a path; '' for the input as a whole) and its sentence. */
export function inputIssues(err: z.ZodError, input?: unknown): Array<{ field: string; message: string }> {
  return err.issues.map((raw) => {
    const issue = withInput(raw as Issue, input);
    const field = formatPath(flattenIssue(issue).path as PropertyKey[]);
    return { field, message: issueSentence(issue, field || 'input') };
  });
}

/** The issue with the value it is about (and its union branches with theirs), read from the raw input. */
function withInput(issue: Issue, root: unknown): Issue {
  const at = (value: unknown, path: readonly PropertyKey[]) =>
    path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
  const value = 'input' in issue ? issue.input : at(root, issue.path);
  if (issue.code !== 'invalid_union') return { ...issue, input: value } as Issue;
  return { ...issue, input: value, errors: issue.errors.map((branch) => branch.map((i) => withInput(i, value))) } as Issue;
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
  const base = pick('id') ?? pick('name') ?? pick('pipeline') ?? pick('endpoint') ?? pick('model') ?? pick('username') ?? pick('host');
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

/** What a procedure found out about its target while it ran (a run-id prefix resolved to the full id). */
export interface AuditNote {
  target?: string;
  /** What the change was (a user's new role, disabled or not), kept in the row's details beside the input's facts. */
  facts?: Record<string, string>;
}

/** Codes that mean "not you, not now" rather than a failure: a sign-in refused while its account or address is locked is one. */
const DENIED = new Set(['FORBIDDEN', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS']);

/**
 * Every mutation, allowed or refused, leaves exactly one audit row: who, what, the target, the outcome
 * (`ok`, or the error code such as `FORBIDDEN`). It is the outermost middleware so refusals are recorded too.
 */
const audited = t.middleware(async ({ ctx, type, path, getRawInput, next }) => {
  const auditNote: AuditNote = {};
  const res = await next({ ctx: { auditNote } });
  if (type !== 'mutation') return res;
  // An unreadable body has already failed the call (PARSE_ERROR), which `res` carries: the row records that.
  const raw = await getRawInput().catch(() => undefined);
  const inputFacts = auditFacts(raw);
  const facts = inputFacts || auditNote.facts ? { ...inputFacts, ...auditNote.facts } : undefined;
  const outcome = res.ok ? resultId(res.data) : { code: res.error.code, message: res.error.message };
  await audit(ctx.svc.db, {
    actor: actorOf(ctx),
    action: path,
    target: auditNote.target ?? auditTarget(raw),
    outcome: res.ok ? 'ok' : DENIED.has(res.error.code) ? 'denied' : 'error',
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
    if (!p) throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.authRefusal ?? 'sign in or send `Authorization: Bearer hr_…`' });
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
