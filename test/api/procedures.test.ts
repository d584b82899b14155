// The API test matrix: every procedure of `appRouter` (read from the router itself, so a new procedure
// without a case fails here) is called over HTTP with auth required, four ways — no credentials, the role
// just below its own, a bad input, the happy path. The cases live in test/api/cases/<router>.ts; their
// shape and the environment they get are described in test/api/cases/types.ts.
// A procedure with a REST operation (/api/v1, its OpenAPI meta) is called the same four ways over REST too,
// with the same case (the answer's dates read back as Dates for its check); every other procedure must say
// in NOT_OVER_REST (server/api/rest/openapi.ts) why it has none, so none is left out unnoticed.
import { readFileSync } from 'node:fs';
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { NOT_OVER_REST } from '../../server/api/rest/openapi';
import { appRouter } from '../../server/api/root';
import type { Role } from '../../server/api/trpc';
import { caseEnv } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';
import { restCall, restRoutes, reviveDates } from '../helpers/rest';
import { loadCases, type CaseEnv, type CaseRole } from './cases/types';

type Kind = 'query' | 'mutation' | 'subscription';
interface ProcedureInfo {
  path: string;
  type: Kind;
  hasInput: boolean;
}

const procedures: ProcedureInfo[] = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: Kind; inputs: unknown[] } }>)
  .map(([path, p]) => ({ path, type: p._def.type, hasInput: p._def.inputs.length > 0 }))
  .sort((a, b) => a.path.localeCompare(b.path));

// Every file in cases/ (but the types) is one router's cases, keyed `router.procedure` here.
const cases = await loadCases();

const below: Record<CaseRole, Role | undefined> = { public: undefined, viewer: undefined, editor: 'viewer', admin: 'editor' };

let h: Harness;
let env: CaseEnv;

beforeAll(async () => {
  h = await startHarness({ api: true });
  env = await caseEnv(h);
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

/** Calls `path` on a client the way its type says; a subscription's result is its events until it completes. */
function call(client: HeadraceClient, p: ProcedureInfo, input: unknown): Promise<unknown> {
  const fn = p.path.split('.').reduce<any>((o, k) => o[k], client);
  if (p.type === 'query') return fn.query(input);
  if (p.type === 'mutation') return fn.mutate(input);
  return new Promise((resolve, reject) => {
    const events: unknown[] = [];
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error(`${p.path}: the subscription did not end within 60 s (${events.length} events)`));
    }, 60_000);
    const sub = fn.subscribe(input, {
      onData: (d: unknown) => events.push(d),
      onError: (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
      onComplete: () => {
        clearTimeout(timer);
        resolve(events);
      },
    });
  });
}

async function refusal(promise: Promise<unknown>): Promise<TRPCClientError<any>> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)?.slice(0, 300)}`);
  expect(outcome.error, String(outcome.error)).toBeInstanceOf(TRPCClientError);
  return outcome.error as TRPCClientError<any>;
}

describe('the procedure list', () => {
  it('has a case for every procedure', () => {
    const missing = procedures.filter((p) => !cases[p.path]).map((p) => p.path);
    expect(missing, `procedures without a case in test/api/cases/: ${missing.join(', ')}`).toEqual([]);
  });

  it('is the role table of docs/security.md, with the roles the cases prove', () => {
    const table = new Map(
      [...readFileSync('docs/security.md', 'utf8').matchAll(/^\| `([a-z]+(?:\.[a-zA-Z]+)+)` \| ([a-z]+)/gm)].map((m) => [m[1], m[2]]),
    );
    const undocumented = procedures.filter((p) => !table.has(p.path)).map((p) => p.path);
    expect(undocumented, 'add these to the role table of docs/security.md').toEqual([]);
    const differ = procedures.filter((p) => cases[p.path] && cases[p.path].role !== table.get(p.path)).map((p) => `${p.path}: doc ${table.get(p.path)}, case ${cases[p.path].role}`);
    expect(differ).toEqual([]);
  });

  it('has a REST operation for every procedure, or says why not', () => {
    const unsaid = procedures.filter((p) => !restRoutes[p.path] && !NOT_OVER_REST[p.path]).map((p) => p.path);
    expect(unsaid, 'give these an openapi meta, or a reason in NOT_OVER_REST').toEqual([]);
    const both = procedures.filter((p) => restRoutes[p.path] && NOT_OVER_REST[p.path]).map((p) => p.path);
    expect(both, 'over REST, yet listed in NOT_OVER_REST').toEqual([]);
    const known = new Set(procedures.map((p) => p.path));
    expect(Object.keys(NOT_OVER_REST).filter((k) => !known.has(k))).toEqual([]);
    // Every path of the document is one of these operations: a REST path cannot go untested.
    expect(procedures.filter((p) => p.type === 'subscription' && restRoutes[p.path]).map((p) => p.path)).toEqual([]);
  });

  it('has no case for a procedure that does not exist', () => {
    const known = new Set(procedures.map((p) => p.path));
    expect(Object.keys(cases).filter((k) => !known.has(k))).toEqual([]);
  });
});

for (const p of procedures) {
  describe(p.path, () => {
    const c = cases[p.path];
    if (!c) {
      it('has a case', () => {
        expect.fail(`${p.path} has no case: add it to test/api/cases/${p.path.split('.')[0]}.ts (see test/api/cases/types.ts)`);
      });
      return;
    }
    // The happy input is prepared once and also sent in the refused calls: refusals never consume it.
    let input: Promise<unknown> | undefined;
    const happyInput = () => (input ??= Promise.resolve(c.happy(env)));
    const lower = below[c.role];

    if (c.role !== 'public') {
      it('refuses a caller without credentials: UNAUTHORIZED', async () => {
        const e = await refusal(call(env.anonymous, p, await happyInput()));
        expect(e.data?.code, e.message).toBe('UNAUTHORIZED');
      });
      it('refuses an unknown token: UNAUTHORIZED', async () => {
        const e = await refusal(call(env.client('hr_not-a-token-of-this-platform'), p, await happyInput()));
        expect(e.data?.code, e.message).toBe('UNAUTHORIZED');
      });
    }
    if (lower) {
      it(`refuses the role below (${lower}): FORBIDDEN`, async () => {
        const e = await refusal(call(env.as[lower], p, await happyInput()));
        expect(e.data?.code, e.message).toBe('FORBIDDEN');
      });
    }
    if (p.hasInput) {
      it('refuses a bad input: BAD_REQUEST naming the field', async () => {
        expect(c.bad, `${p.path} takes an input: its case needs \`bad\``).toBeDefined();
        const client = c.role === 'public' ? env.anonymous : env.as[c.role];
        const e = await refusal(call(client, p, c.bad!.input));
        expect(e.data?.code, e.message).toBe('BAD_REQUEST');
        const fields = Object.keys((e.data?.zod as { fieldErrors?: Record<string, unknown> } | undefined)?.fieldErrors ?? {});
        expect(fields, e.message).toContain(c.bad!.field);
      });
    }
    it(`answers ${c.role === 'public' ? 'anyone' : `the role ${c.role}`}`, async () => {
      const client = c.role === 'public' ? env.anonymous : env.as[c.role];
      const result = await call(client, p, await happyInput());
      await c.check(result, env);
    });

    const route = restRoutes[p.path];
    if (!route) return;
    const rest = `REST ${route.method} ${route.path}`;
    const expectError = (r: { status: number; body: any }, status: number, code: string) => {
      expect([r.status, r.body?.error?.code], JSON.stringify(r.body)).toEqual([status, code]);
      expect(r.body.error.message, 'a sentence').toMatch(/\w+ \w+/);
    };
    if (c.role !== 'public') {
      it(`${rest}: refuses a caller without credentials: 401`, async () => {
        expectError(await restCall(env.url, route, await happyInput(), null), 401, 'UNAUTHORIZED');
      });
      it(`${rest}: refuses an unknown token: 401`, async () => {
        expectError(await restCall(env.url, route, await happyInput(), 'hr_not-a-token-of-this-platform'), 401, 'UNAUTHORIZED');
      });
    }
    if (lower) {
      it(`${rest}: refuses the role below (${lower}): 403`, async () => {
        expectError(await restCall(env.url, route, await happyInput(), env.users[lower].token), 403, 'FORBIDDEN');
      });
    }
    const token = () => (c.role === 'public' ? null : env.users[c.role].token);
    if (p.hasInput) {
      it(`${rest}: refuses a bad input: 400 naming the field`, async () => {
        const r = await restCall(env.url, route, c.bad!.input, token());
        expectError(r, 400, 'BAD_REQUEST');
        const fields = (r.body.error.issues as Array<{ field: string }>).map((i) => i.field.split(/[.[]/)[0]);
        expect(fields, JSON.stringify(r.body)).toContain(c.bad!.field);
      });
    }
    it(`${rest}: answers ${c.role === 'public' ? 'anyone' : `the role ${c.role}`}, the case's check passing on its JSON`, async () => {
      // A fresh input: the tRPC call above may have used up its own (a run cancelled, a gate decided).
      const r = await restCall(env.url, route, await c.happy(env), token());
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await c.check(reviveDates(route.output, r.body), env);
    });
  });
}
