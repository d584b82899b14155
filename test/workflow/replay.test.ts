// Upgrades never break runs in flight: histories recorded from the previous release's workflows
// (test/fixtures/histories, recorded by record.ts there) replay against the current workflow bundle without a
// nondeterminism error. A change to workflow code that reorders, adds or removes commands for such a run must be
// guarded by `patched()` (docs/workflows.md).
import { workflowBundleDir } from '../../server/temporal/cli-binary';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../../workers/bundle';
import { quietTemporalRuntime } from '../../workers/worker';
import { historyFromJSON } from '../fixtures/histories/history-json';

const dir = resolve('test/fixtures/histories');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('replay of the previous release', () => {
  it('has recorded histories of succeeded, failed, cancelled, parallel and retried runs', () => {
    expect(fixtures).toEqual(expect.arrayContaining(['cancelled.json', 'failed-gate.json', 'parallel.json', 'retry.json', 'succeeded.json']));
  });

  it('replays every recorded history against the current workflow code', async () => {
    quietTemporalRuntime();
    const bundle = await workflowBundle(workflowBundleDir());
    const histories = fixtures.map((f) => ({ workflowId: f.replace(/\.json$/, ''), history: historyFromJSON(readFileSync(join(dir, f), 'utf8')) }));
    const outcomes: Record<string, string> = {};
    for await (const r of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
      outcomes[r.workflowId] = r.error ? `${r.error.name}: ${r.error.message}` : 'ok';
    }
    expect(outcomes).toEqual(Object.fromEntries(histories.map((h) => [h.workflowId, 'ok'])));
  });
});
