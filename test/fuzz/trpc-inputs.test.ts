// Every procedure of the API router (read from the router itself, so a new one is fuzzed too), called through the
// real router as an admin on PGlite with inputs its zod schema refuses: each answer is a TRPCError BAD_REQUEST, and
// the error as the API sends it (the router's error formatter, as the HTTP handler applies it) is HTTP 400 with a
// sentence naming the field that is wrong — never INTERNAL_SERVER_ERROR, never zod's JSON. Inputs the schema
// accepts are not sent (they would run the procedure for real).
import { TRPCError } from '@trpc/server';
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { appRouter } from '../../server/api/root';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { broken } from './zod-arbitrary';

const SEED = 15_2029;
const PER_PROCEDURE = 30;

type Kind = 'query' | 'mutation' | 'subscription';
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: Kind; inputs: z.ZodType[] } }>)
  .map(([path, p]) => ({ path, type: p._def.type, inputs: p._def.inputs }))
  .sort((a, b) => a.path.localeCompare(b.path));

/** `a.b[0]`: a zod path as the API's sentences spell it. */
const spelled = (path: readonly PropertyKey[]) =>
  path.reduce<string>((s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${String(seg)}` : String(seg)), '');

let database: Database;
const tally = { procedures: 0, calls: 0 };
let caller: ReturnType<typeof appRouter.createCaller>;

beforeAll(async () => {
  database = await openDatabase('memory://', { migrate: true });
  const svc = { db: database.db, config: loadConfig({ HEADRACE_DATA_ROOTS: '/nonexistent-fuzz-root' }) } as unknown as Services;
  caller = appRouter.createCaller({ svc, principal: { userId: null, username: 'fuzz', role: 'admin', via: 'loopback' } });
}, 120_000);

afterAll(async () => {
  console.log(`fuzz tRPC inputs: seed ${SEED}, ${tally.procedures} procedures, ${tally.calls} refused inputs, each BAD_REQUEST (400) naming its field`);
  await database?.close();
});

/** Calls `path` with `input`; a subscription is started and its first event awaited, which is where it fails. */
async function call(path: string, type: Kind, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  const out = await fn(input);
  if (type === 'subscription') {
    const it = (out as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    await it.next().finally(() => it.return?.());
  }
  return out;
}

describe('every procedure, fuzzed with inputs its schema refuses', () => {
  it('has procedures with inputs to fuzz', () => {
    expect(procedures.filter((p) => p.inputs.length > 0).length).toBeGreaterThan(50);
  });

  it.each(procedures.filter((p) => p.inputs.length > 0).map((p) => [p.path, p] as const))('%s', async (path, p) => {
    expect(p.inputs).toHaveLength(1); // one .input() per procedure: its schema is the whole input
    const schema = p.inputs[0];
    const inputs = fc.sample(broken(schema), { seed: SEED, numRuns: PER_PROCEDURE * 3 }).filter((v) => !schema.safeParse(v).success).slice(0, PER_PROCEDURE);
    expect(inputs.length).toBeGreaterThan(0);
    tally.procedures++;
    for (const input of inputs) {
      const issue = schema.safeParse(input).error!.issues[0];
      const error = await call(path, p.type, input).then(
        () => new Error(`${path} accepted ${JSON.stringify(input)}`),
        (err: unknown) => err,
      );
      const where = `${path}(${JSON.stringify(input)?.slice(0, 200)})`;
      expect(error, where).toBeInstanceOf(TRPCError);
      const e = error as TRPCError;
      expect(e.code, `${where}: ${e.message}`).toBe('BAD_REQUEST');
      const sent = getErrorShape({ config: appRouter._def._config, error: e, type: p.type, path, input, ctx: undefined });
      expect(sent.data.httpStatus, where).toBe(400);
      // The sentence names the field (or says it is the whole input), in words rather than zod's JSON.
      expect(sent.message, where).not.toMatch(/^\s*[[{]/);
      const field = spelled(issue.path);
      if (field) expect(sent.message, where).toContain(field);
      else expect(sent.message, where).toMatch(/\binput\b|^[A-Za-z_][\w.[\]]* /);
      tally.calls++;
    }
  });
});
