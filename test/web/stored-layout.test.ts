// A saved version gets the editor's layout stored with it shortly after the save, and pipeline.get returns it:
// the edit page opens laid out without running elk.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appRouter } from '../../server/api/root';
import { loadConfig } from '../../server/config';
import { openDatabase, type Database } from '../../server/db/client';
import type { Services } from '../../server/services/context';
import { overlaps } from '../helpers/flow';
import { projectGraph } from '../../dsl/projection';
import { nodeHeight, NODE_WIDTH } from '../../server/layout';
import { generatePipeline } from '../../bench/lib/pipeline';

let database: Database;
beforeAll(async () => {
  database = await openDatabase('memory://', { migrate: true });
});
afterAll(async () => {
  await database?.close();
});

const caller = () =>
  // No Temporal: the generated pipeline has no schedule trigger, so saving it never reaches for one.
  appRouter.createCaller({ svc: { db: database.db, config: loadConfig({ HEADRACE_DATA_ROOTS: '/tmp' }) } as unknown as Services, principal: { userId: null, username: 'test', role: 'admin', via: 'loopback' } });

it('stores a layout of every step, without overlaps, after the save has answered', async () => {
  const { source } = generatePipeline({ name: 'laid-out', steps: 40, seed: 3 });
  const saved = await caller().pipeline.save({ source, baseDir: '/tmp' });
  expect(saved.status).toBe('created');

  let layout: Record<string, { x: number; y: number }> | null = null;
  for (let i = 0; i < 100 && !layout; i++) {
    layout = (await caller().pipeline.get({ name: 'laid-out' })).version.layout;
    if (!layout) await new Promise((r) => setTimeout(r, 100));
  }
  const graph = projectGraph(source).graph!;
  expect(Object.keys(layout ?? {}).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
  const boxes = graph.nodes.map((n) => ({ id: n.id, ...layout![n.id], width: NODE_WIDTH, height: nodeHeight(n.inputs.length, n.outputs.length) }));
  expect(overlaps(boxes)).toEqual([]);

  // Saving the same source again changes nothing, the layout included.
  expect((await caller().pipeline.save({ source, baseDir: '/tmp' })).status).toBe('unchanged');
  expect((await caller().pipeline.get({ name: 'laid-out' })).version.layout).toEqual(layout);
});
