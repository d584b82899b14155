// An input the API's schema refuses is answered over HTTP with one sentence naming the field, worded as the
// checker and the config form word zod issues (dsl/check/issue-text.ts): never zod's own English, never JSON.
import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeadraceClient } from '../../server/api/client';
import { startHarness, type Harness } from '../helpers/harness';

let h: Harness;
let editor: HeadraceClient;

beforeAll(async () => {
  h = await startHarness({ api: true });
  editor = h.api.as('editor');
});

afterAll(async () => {
  await h?.stop();
});

/** zod's default wording, which must never reach a person. */
const ZOD_TEXT = /Invalid (input|option|string|number|key|value)|expected \w+, received|Too (big|small)|Unrecognized key/;

async function message(call: () => Promise<unknown>): Promise<string> {
  const e = await call().then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCClientError);
  expect((e as TRPCClientError<any>).data?.code).toBe('BAD_REQUEST');
  return (e as Error).message;
}

describe('bad inputs through the HTTP API', () => {
  // Each call: the sentence it gets, which names the field first.
  const cases: Array<[string, () => Promise<unknown>, string]> = [
    ['run.get with a short id', () => editor.run.get.query({ id: 'abc' }), 'id must be a run id or a prefix of one (at least 8 hex characters), got "abc".'],
    ['run.get with no input', () => editor.run.get.query(undefined as never), 'input is required.'],
    ['run.approve with a blank reason', () => editor.run.approve.mutate({ id: 'abcdef12', step: 'review', reason: '   ' }), 'reason must be at least 1 character(s) long.'],
    ['pipeline.get without a name', () => editor.pipeline.get.query({} as never), 'name is required.'],
    ['pipeline.get with a number for a name', () => editor.pipeline.get.query({ name: 42 as never }), 'name must be a string, got 42.'],
    ['run.list with an unknown status', () => editor.run.list.query({ status: 'succeded' as never }), expect.stringMatching(/^status must be one of queued, .*, got "succeded" \(did you mean .succeeded.\?\)\.?$/) as never],
    ['run.list with a limit of 0', () => editor.run.list.query({ limit: 0 }), 'limit must be >= 1, got 0.'],
    ['run.start with neither pipeline nor source', () => editor.run.start.mutate({}), 'pipeline is required unless `source` is given.'],
    ['pipeline.rename to a bad name', () => editor.pipeline.rename.mutate({ name: 'x', newName: 'Bad Name' }), 'newName must be a lowercase letter followed by lowercase letters, digits, "-" or "_", got "Bad Name".'],
    ['pipeline.rename with nothing', () => editor.pipeline.rename.mutate({} as never), 'name is required (and 1 more problem).'],
    ['model.transition to an unknown stage', () => editor.model.transition.mutate({ name: 'm', version: 1, stage: 'prod' as never, reason: 'r' }), expect.stringMatching(/^stage must be one of none, staging, production, archived, got "prod"/) as never],
    ['model.version with a fractional version', () => editor.model.version.query({ name: 'm', version: 1.5 }), 'version must be an integer, got 1.5.'],
    ['data.list with a relative path', () => editor.data.list.query({ path: 'data/x.csv' }), 'path must be an absolute path.'],
    ['model.annotate with neither', () => editor.model.annotate.mutate({ name: 'm', version: 1 }), 'notes is required unless `description` is given.'],
  ];

  for (const [what, call, sentence] of cases) {
    it(`${what}: one sentence naming the field`, async () => {
      const text = await message(call);
      expect(text).toEqual(sentence);
      expect(text).not.toContain('\n');
      expect(text).not.toMatch(ZOD_TEXT);
      expect(text.trimStart()).not.toMatch(/^[[{]/);
    });
  }

  it('is the message of the raw HTTP answer too, as curl or a browser sees it', async () => {
    const url = `${h.api.url}/api/trpc/pipeline.get?input=${encodeURIComponent(JSON.stringify({ json: { name: 7 } }))}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${h.api.users.viewer.token}` } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { message: string; data: { code: string; path: string } } } };
    expect(body.error.json).toMatchObject({ message: 'name must be a string, got 7.', data: { code: 'BAD_REQUEST', path: 'pipeline.get' } });
  });
});
