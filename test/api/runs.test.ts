// run.* over HTTP with auth required: list filters and cursor pages, idempotency keys, the logs cursor,
// and the events subscription (SSE) of a live run until it ends.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHeadraceClient, type HeadraceClient } from '../../server/api/client';
import { findRunByIdempotencyKey } from '../../server/db/repo/runs';
import { startRun } from '../../server/services/runs';
import type { RunEvent } from '../../server/api/schemas/run';
import { penguinsDir, pipelineSource, waitForRun } from '../helpers/case-env';
import { startHarness, type Harness } from '../helpers/harness';

const penguins = readFileSync(resolve(penguinsDir, 'pipeline.yaml'), 'utf8');
/** Ingest and validate only: a run of it takes a fraction of a second. */
const tiny = (name: string, minRows = 300) =>
  penguins.slice(0, penguins.indexOf('  clean:')).replace(/^name: penguins$/m, `name: ${name}`).replace('minRows: 300', `minRows: ${minRows}`);

let h: Harness;
let editor: HeadraceClient;
let viewer: HeadraceClient;

beforeAll(async () => {
  h = await startHarness({ api: true });
  // Through the package's own export, as a script would.
  editor = createHeadraceClient({ url: h.api.url, token: h.api.users.editor.token });
  viewer = createHeadraceClient({ url: h.api.url, token: h.api.users.viewer.token });
});

afterAll(async () => {
  await h?.stop();
});

/** Every page of run.list for `filter`, following nextCursor. */
async function allPages(filter: Parameters<HeadraceClient['run']['list']['query']>[0] & object, limit: number) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await viewer.run.list.query({ ...filter, limit, cursor });
    pages.push(page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

describe('run.list', () => {
  const ids = { a: [] as string[], bad: [] as string[], retry: '' };
  let between: Date;

  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const r = await editor.run.start.mutate({ source: tiny('list-a'), baseDir: penguinsDir });
      ids.a.push(r.id);
      await waitForRun(viewer, r.id);
    }
    between = new Date();
    for (let i = 0; i < 2; i++) {
      const r = await editor.run.start.mutate({ source: tiny('list-bad', 3000), baseDir: penguinsDir });
      ids.bad.push(r.id);
      expect((await waitForRun(viewer, r.id)).status).toBe('failed');
    }
    const retry = await editor.run.retry.mutate({ id: ids.bad[0] });
    ids.retry = retry.id;
    await waitForRun(viewer, retry.id);
  });

  it('filters by pipeline and lists newest first', async () => {
    const page = await viewer.run.list.query({ pipeline: 'list-a' });
    expect(page.items.map((r) => r.id)).toEqual([...ids.a].reverse());
    expect(page.nextCursor).toBeNull();
    expect(page.items.every((r) => r.pipelineName === 'list-a' && r.status === 'succeeded')).toBe(true);
  });

  it('filters by status and trigger', async () => {
    const failed = await viewer.run.list.query({ pipeline: 'list-bad', status: 'failed' });
    expect(failed.items.map((r) => r.id)).toEqual([ids.retry, ids.bad[1], ids.bad[0]]);
    const retries = await viewer.run.list.query({ trigger: 'retry' });
    expect(retries.items.map((r) => r.id)).toEqual([ids.retry]);
    expect(retries.items[0].retryOf).toBe(ids.bad[0]);
    expect((await viewer.run.list.query({ status: 'running', pipeline: 'list-a' })).items).toEqual([]);
  });

  it('filters by time range: from inclusive, to exclusive', async () => {
    const after = await viewer.run.list.query({ from: between });
    expect(after.items.map((r) => r.id).sort()).toEqual([...ids.bad, ids.retry].sort());
    const before = await viewer.run.list.query({ to: between, pipeline: 'list-a' });
    expect(before.items).toHaveLength(5);
    expect((await viewer.run.list.query({ from: between, to: between })).items).toEqual([]);
  });

  it('pages with a cursor: every run once, in order, pages of the asked size', async () => {
    const whole = (await viewer.run.list.query({ limit: 500 })).items.map((r) => r.id);
    expect(whole.length).toBe(8);
    for (const limit of [1, 2, 3, 8]) {
      const pages = await allPages({}, limit);
      expect(pages.flat(), `limit ${limit}`).toEqual(whole);
      expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
    }
    // Filters hold across pages.
    expect((await allPages({ pipeline: 'list-a' }, 2)).flat()).toEqual([...ids.a].reverse());
  });

  it('refuses a malformed cursor, naming it', async () => {
    const err = await viewer.run.list.query({ cursor: 'page-2' }).catch((e: unknown) => e);
    expect((err as { data?: { code: string; zod: { fieldErrors: Record<string, unknown> } } }).data?.code).toBe('BAD_REQUEST');
    expect(Object.keys((err as { data: { zod: { fieldErrors: Record<string, unknown> } } }).data.zod.fieldErrors)).toEqual(['cursor']);
  });
});

describe('run.start with an idempotency key', () => {
  it('returns the first run for the same key, also when the requests race', async () => {
    const source = tiny('idem');
    const first = await editor.run.start.mutate({ source, baseDir: penguinsDir, idempotencyKey: 'ci-build-41' });
    const again = await editor.run.start.mutate({ source, baseDir: penguinsDir, idempotencyKey: 'ci-build-41' });
    expect(again.id).toBe(first.id);
    expect(again.idempotencyKey).toBe('ci-build-41');
    const raced = await Promise.all([1, 2, 3].map(() => editor.run.start.mutate({ pipeline: 'idem', idempotencyKey: 'ci-build-42' })));
    expect(new Set(raced.map((r) => r.id)).size).toBe(1);
    expect(raced[0].id).not.toBe(first.id);
    const other = await editor.run.start.mutate({ pipeline: 'idem' });
    await Promise.all([first.id, raced[0].id, other.id].map((id) => waitForRun(viewer, id)));
    const runs = await viewer.run.list.query({ pipeline: 'idem' });
    expect(runs.items.map((r) => r.id).sort()).toEqual([first.id, raced[0].id, other.id].sort());
  });

  it('starts, once, the workflow of a run whose server stopped between creating the run and starting it', async () => {
    const source = tiny('idem-resumed');
    // A server that never gets to start the workflow (as one killed at that moment): the run row stays `queued`.
    const stalled = { ...h.svc, temporal: { workflow: { start: () => new Promise<never>(() => {}) } } as unknown as Client };
    void startRun(stalled, { source, baseDir: penguinsDir, idempotencyKey: 'ci-build-43', author: h.api.users.editor.username });
    const row = await vi.waitUntil(() => findRunByIdempotencyKey(h.svc.db, 'ci-build-43'), { timeout: 10_000, interval: 50 });
    expect(row.status).toBe('queued');
    // The client repeats its call: the same run, now started; repeated again, no second execution.
    const again = await editor.run.start.mutate({ source, baseDir: penguinsDir, idempotencyKey: 'ci-build-43' });
    const twice = await editor.run.start.mutate({ source, baseDir: penguinsDir, idempotencyKey: 'ci-build-43' });
    expect([again.id, twice.id]).toEqual([row.id, row.id]);
    expect((await waitForRun(viewer, row.id)).status).toBe('succeeded');
    const executions = [];
    for await (const w of h.client.workflow.list({ query: `WorkflowId = '${row.workflowId}'` })) executions.push(w.runId);
    expect(executions).toHaveLength(1);
  });
});

describe('run.logs and run.events', () => {
  let runId: string;
  let events: RunEvent[];
  let completed: boolean;

  it('streams a live run\'s state changes over SSE until the run ends', async () => {
    // Long enough training (a few seconds) that the 300 ms poll behind the stream sees it running.
    const source = pipelineSource('followed').replace('epochs: 200', 'epochs: 4000');
    const run = await editor.run.start.mutate({ source, baseDir: penguinsDir });
    runId = run.id;
    events = [];
    completed = await new Promise<boolean>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no end after 90 s: ${JSON.stringify(events)}`)), 90_000);
      const sub = viewer.run.events.subscribe({ id: run.id }, {
        onData: (e) => events.push(e),
        onError: (e) => {
          clearTimeout(timer);
          sub.unsubscribe();
          reject(e);
        },
        onComplete: () => {
          clearTimeout(timer);
          resolvePromise(true);
        },
      });
    });
    expect(completed).toBe(true);
    const runEvents = events.filter((e) => e.type === 'run').map((e) => e.status);
    expect(runEvents.at(-1)).toBe('succeeded');
    expect(events.at(-1)).toEqual({ type: 'run', status: 'succeeded' });
    // It was followed live: the training step was seen running, then succeeded, in that order.
    const train = events.flatMap((e, i) => (e.type === 'step' && e.stepId === 'train' ? [[i, e.status] as const] : []));
    expect(train.map(([, s]) => s)).toEqual(['running', 'succeeded']);
    expect(runEvents.indexOf('running')).toBeGreaterThanOrEqual(0);
    const succeeded = new Set(events.flatMap((e) => (e.type === 'step' && e.status === 'succeeded' ? [e.stepId] : [])));
    expect([...succeeded].sort()).toEqual(['clean', 'deploy', 'evaluate', 'ingest', 'register', 'split', 'train', 'validate']);
  });

  it('pages through the log with the cursor: every line once, in order, with meaningful content', async () => {
    const whole = await viewer.run.logs.query({ id: runId, limit: 1000 });
    expect(whole.runStatus).toBe('succeeded');
    const messages = whole.lines.map((l) => `${l.stepId}: ${l.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^ingest: read 344 rows × 7 columns/));
    expect(messages).toContainEqual(expect.stringMatching(/^validate: validation passed: \d+ rules passed on 344 rows/));
    expect(messages).toContainEqual(expect.stringMatching(/^train: epoch 4000\/4000 loss \d/));
    expect(messages).toContainEqual(expect.stringMatching(/^evaluate: evaluated on \d+ rows: accuracy (1|0\.9\d*),/));
    expect(messages).toContainEqual(expect.stringMatching(/^evaluate: gate passed: accuracy >= 0.9/));
    expect(messages).toContainEqual('register: registered followed v1 in stage staging');
    const paged: number[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await viewer.run.logs.query({ id: runId, after, limit: 4 });
      paged.push(...page.lines.map((l) => l.id));
      if (page.lines.length === 0) {
        expect(page.nextCursor).toBe(after); // polling an idle log keeps its place
        break;
      }
      after = page.nextCursor!;
    }
    expect(paged).toEqual(whole.lines.map((l) => l.id));
    expect([...paged].sort((a, b) => a - b)).toEqual(paged);
    const train = await viewer.run.logs.query({ id: runId, step: 'train' });
    expect(train.lines.length).toBeGreaterThan(5);
    expect(train.lines.every((l) => l.stepId === 'train' && l.attempt === 1)).toBe(true);
  });

  it('answers NOT_FOUND for an unknown run, in logs and in events', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const err = (await viewer.run.logs.query({ id: unknown }).catch((e: unknown) => e)) as { data?: { code: string } };
    expect(err.data?.code).toBe('NOT_FOUND');
    const subErr = await new Promise<unknown>((resolvePromise) => {
      const sub = viewer.run.events.subscribe({ id: unknown }, {
        onError: (e) => {
          sub.unsubscribe();
          resolvePromise(e);
        },
        onComplete: () => resolvePromise(new Error('completed instead of failing')),
      });
    });
    expect((subErr as { data?: { code: string } }).data?.code).toBe('NOT_FOUND');
  });
});
