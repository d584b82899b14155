// A run is owned by its workflow: a `pipelineRun` started by hand with the Temporal CLI (no run row, no context)
// records its own run, which `run.list` then shows like a run started through the API. A run the API started
// keeps the row the API wrote (the workflow's upsert merges into it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { getRun } from '../../server/db/repo/runs';
import { savePipeline } from '../../server/services/pipelines';
import { startRun } from '../../server/services/runs';
import { PIPELINE_RUN, PIPELINE_TASK_QUEUE, statusQuery } from '../../server/temporal/contract';
import { startHarness, type Harness } from '../helpers/harness';

const run = promisify(execFile);

const source = `headrace: 1
name: hand-started
params:
  pause: { type: string, default: 10ms }
steps:
  pause:
    uses: wait
    with: { duration: "\${{ params.pause }}" }
`;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ api: true });
});

afterAll(async () => {
  await h?.stop();
});

describe('a run owned by its workflow', () => {
  it('appears in run.list when started by hand with the Temporal CLI', async () => {
    const saved = await savePipeline(h.svc, { source, author: 'editor-user' });
    const workflowId = 'by-hand-1';
    await run(inject('temporalBin'), [
      'workflow', 'start', '--address', h.temporal.address, '--namespace', 'default',
      '--type', PIPELINE_RUN, '--task-queue', PIPELINE_TASK_QUEUE, '--workflow-id', workflowId,
      '--input', JSON.stringify(saved.plan),
    ]);
    const handle = h.client.workflow.getHandle(workflowId);
    const result = await handle.result();
    expect(result.status).toBe('succeeded');
    expect((await handle.query(statusQuery)).runId).toBe(result.runId);

    const { items } = await h.api.as('viewer').run.list.query({ pipeline: 'hand-started' });
    expect(items.map((r) => ({ id: r.id, workflowId: r.workflowId, status: r.status, trigger: r.trigger, createdBy: r.createdBy, version: r.pipelineVersion })))
      .toEqual([{ id: result.runId, workflowId, status: 'succeeded', trigger: 'workflow', createdBy: 'temporal', version: saved.version.version }]);
    const row = (await getRun(h.database.db, result.runId))!;
    expect(row.pipelineVersionId).toBe(saved.version.id);
    expect(row.steps.map((s) => [s.stepId, s.status])).toEqual([['pause', 'succeeded']]);
    expect(row.startedAt).not.toBeNull();
  });

  it('refuses, with the reason, a Plan whose source was never saved', async () => {
    const saved = await savePipeline(h.svc, { source: source.replace('hand-started', 'never-saved'), author: 'editor-user' });
    const plan = { ...saved.plan, sourceHash: 'f'.repeat(64) };
    const handle = await h.client.workflow.start(PIPELINE_RUN, { taskQueue: PIPELINE_TASK_QUEUE, workflowId: 'by-hand-unsaved', args: [plan] });
    const outcome = await handle.result().then(() => undefined, (e: unknown) => e);
    // The failure's causes, outermost first (the claim is a local activity: its failure is the workflow's cause).
    const messages: string[] = [];
    for (let e = outcome as (Error & { cause?: unknown }) | undefined; e instanceof Error; e = e.cause as typeof e) messages.push(e.message);
    expect(messages.join('\n')).toMatch(
      /pipeline "never-saved" has no saved version with source hash ffffffffffff: save it \(headrace apply\)/,
    );
  });

  it('keeps the row the API created: the workflow claims it instead of adding one', async () => {
    const started = await startRun(h.svc, { pipeline: 'hand-started', author: 'editor-user', trigger: 'api' });
    const result = await h.client.workflow.getHandle(started.workflowId).result();
    expect(result.runId).toBe(started.id);
    const { items } = await h.api.as('viewer').run.list.query({ pipeline: 'hand-started' });
    expect(items.filter((r) => r.workflowId === started.workflowId).map((r) => [r.id, r.trigger, r.createdBy, r.status]))
      .toEqual([[started.id, 'api', 'editor-user', 'succeeded']]);
  });
});
