// The graph is readable where it opens, in Chromium at 1280×800: in the editor and on a run's page, a 7-step
// pipeline (penguins) and a 60-step chain open with node text at least 12 px on screen (computed font size ×
// the viewport's scale), nodes at their size, the first step in sight and the minimap for the rest. After
// Layout no edge runs backwards, every edge starts and ends on the handle of its own port and none runs behind
// another step; ordering-only edges (`needs:`) are dashed curves, unlike the data wires.
// SHOTS_DIR=/some/dir also saves screenshots of each graph at open there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { node } from '../helpers/flow';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
const runs: Record<string, string> = {};

/** A chain of 60 steps: ingest, a side check the chain waits for (`needs:`), then 58 dropna steps one after another. */
function chainSource(): string {
  const lines = [
    'headrace: 1',
    'name: long-chain',
    'steps:',
    '  ingest:',
    '    uses: ingest.csv',
    '    with: { path: data/t.csv, columns: { a: { type: number }, label: { type: string } } }',
    '  audit:',
    '    uses: validate.table',
    '    in: { table: ingest.table }',
    '    with: { minRows: 1 }',
  ];
  for (let i = 1; i <= 58; i++) {
    const id = `clean-${String(i).padStart(2, '0')}`;
    const from = i === 1 ? 'ingest' : `clean-${String(i - 1).padStart(2, '0')}`;
    lines.push(`  ${id}:`, '    uses: prepare.dropna', `    in: { table: ${from}.table }`);
    if (i === 1) lines.push('    needs: [audit]');
  }
  return lines.join('\n') + '\n';
}

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-graph-readable', { example: false });
  const dir = join(p.place.home, 'long-chain');
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 't.csv'), 'a,label\n1,x\n2,y\n3,x\n');
  const editor = p.client('editor');
  await editor.pipeline.save.mutate({ source: chainSource(), baseDir: dir });
  await editor.pipeline.save.mutate({ source: readFileSync('examples/penguins/pipeline.yaml', 'utf8'), baseDir: resolve('examples/penguins') });
  runs['long-chain'] = (await editor.run.start.mutate({ pipeline: 'long-chain' })).id;
  runs.penguins = (await editor.run.start.mutate({ pipeline: 'penguins' })).id;
}, 320_000);

afterAll(async () => {
  await p?.stop();
});

interface Reading {
  /** The viewport's scale (its CSS transform). */
  scale: number;
  /** The smallest on-screen font size of any node text: title, kind, port labels (px). */
  minText: number;
  /** The smallest on-screen height of a node title's box (px). */
  minTitleHeight: number;
  /** Node widths on screen divided by the scale: the size nodes render at. */
  widths: number[];
}

/** What the graph inside `scope` shows right now. */
async function read(scope: Locator): Promise<Reading> {
  return scope.evaluate((root) => {
    const vp = root.querySelector('.react-flow__viewport') as HTMLElement;
    const scale = new DOMMatrixReadOnly(getComputedStyle(vp).transform).a;
    const texts = [...root.querySelectorAll('.step-node-id, .step-node-kind, .port-label, .step-node-run')];
    const minText = Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize) * scale));
    const minTitleHeight = Math.min(...[...root.querySelectorAll('.step-node-id')].map((el) => el.getBoundingClientRect().height));
    const widths = [...root.querySelectorAll('.react-flow__node')].map((el) => el.getBoundingClientRect().width / scale);
    return { scale, minText, minTitleHeight, widths };
  });
}

/** Whether a node's box lies wholly inside the graph's frame on screen. */
async function inSight(frame: Locator, n: Locator): Promise<boolean> {
  const f = (await frame.boundingBox())!;
  const b = (await n.boundingBox())!;
  return b.x >= f.x && b.y >= f.y && b.x + b.width <= f.x + f.width && b.y + b.height <= f.y + f.height;
}

/** The viewport's transform once it has stopped changing (the opening view is set after a layout). */
async function settled(scope: Locator): Promise<void> {
  const page = scope.page();
  let prev = '';
  for (let i = 0; i < 60; i++) {
    const now = await scope.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
    if (now && now === prev) return;
    prev = now;
    await page.waitForTimeout(100);
  }
  throw new Error('the graph view never settled');
}

async function openEditor(name: string, steps: number): Promise<Page> {
  const page = await p.pageAs('editor', `/pipelines/${name}/edit`);
  await expect.poll(() => page.locator('.react-flow__node').count(), { timeout: 30_000 }).toBe(steps);
  await settled(page.locator('.editor-canvas'));
  return page;
}

async function openRun(name: string, steps: number): Promise<{ page: Page; graph: Locator }> {
  const page = await p.pageAs('viewer', `/runs/${runs[name]}`);
  const graph = page.getByTestId('run-graph');
  await expect.poll(() => graph.locator('.react-flow__node').count(), { timeout: 30_000 }).toBe(steps);
  await settled(graph);
  return { page, graph };
}

function expectReadable(r: Reading): void {
  expect(r.minText).toBeGreaterThanOrEqual(12);
  expect(r.minTitleHeight).toBeGreaterThanOrEqual(12);
  // Nodes keep their size: 220 flow units wide, whatever the zoom.
  expect(r.widths.every((w) => Math.abs(w - 220) < 1)).toBe(true);
}

describe('the graph opens readable at 1280×800', () => {
  for (const [name, steps] of [['penguins', 8], ['long-chain', 60]] as const) {
    it(`in the editor: ${name} (${steps} steps)`, async () => {
      const page = await openEditor(name, steps);
      try {
        const canvas = page.locator('.editor-canvas');
        expectReadable(await read(canvas));
        // The start of the pipeline is in sight; the minimap is there for the rest.
        expect(await inSight(canvas, node(page, 'ingest'))).toBe(true);
        await canvas.locator('.react-flow__minimap').waitFor();
        await shot(page, `editor-open-${name}.png`);
      } finally {
        await page.close();
      }
    }, 90_000);

    it(`on a run's page: ${name} (${steps} steps)`, async () => {
      const { page, graph } = await openRun(name, steps);
      try {
        expectReadable(await read(graph));
        expect(await inSight(graph, node(page, 'ingest'))).toBe(true);
        // Too long to fit readably: the minimap shows the whole of it.
        await graph.locator('.react-flow__minimap').waitFor();
        expect(await graph.locator('.react-flow__minimap-node').count()).toBe(steps);
        await shot(page, `run-open-${name}.png`);
        if (process.env.SHOTS_DIR) {
          // The whole graph, as the fit-view control shows it (to look at the edges).
          await graph.locator('.react-flow__controls-fitview').click();
          await settled(graph);
          await shot(page, `run-fitted-${name}.png`);
        }
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});

/** Each edge's two ends on screen, with the boxes of the nodes and of the handles it should join. */
async function edgeEnds(page: Page) {
  return page.locator('.editor-canvas').evaluate((root) => {
    const box = (el: Element | null) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    return [...root.querySelectorAll('.react-flow__edge')].map((g) => {
      const id = g.getAttribute('data-id') ?? '';
      const [from, to] = id.split('->');
      const [source, sourcePort] = [from.slice(0, from.lastIndexOf('.')), from.slice(from.lastIndexOf('.') + 1)];
      const [target, targetPort] = [to.slice(0, to.lastIndexOf('.')), to.slice(to.lastIndexOf('.') + 1)];
      const needs = sourcePort === '@needs';
      const path = g.querySelector('.react-flow__edge-path') as SVGPathElement;
      const m = path.getScreenCTM()!;
      const at = (len: number) => new DOMPoint(path.getPointAtLength(len).x, path.getPointAtLength(len).y).matrixTransform(m);
      const handle = (nodeId: string, type: string, port: string) =>
        box(root.querySelector(`.react-flow__handle.${type}[data-nodeid="${nodeId}"][data-handleid="${needs ? (type === 'source' ? '__needs-out' : '__needs-in') : port}"]`));
      // Points along the curve, its first and last few pixels (at the handles) left out: none may lie on a node.
      const nodes = [...root.querySelectorAll('.react-flow__node')].map((n) => ({ id: n.getAttribute('data-id'), r: n.getBoundingClientRect() }));
      const through = new Set<string>();
      const total = path.getTotalLength();
      for (let len = 8; len < total - 8; len += 6) {
        const pt = at(len);
        for (const n of nodes) if (pt.x > n.r.left + 1 && pt.x < n.r.right - 1 && pt.y > n.r.top + 1 && pt.y < n.r.bottom - 1) through.add(n.id ?? '');
      }
      return {
        id,
        needs,
        through: [...through],
        dashed: getComputedStyle(path).strokeDasharray !== 'none',
        start: { x: at(0).x, y: at(0).y },
        end: { x: at(path.getTotalLength()).x, y: at(path.getTotalLength()).y },
        sourceHandle: handle(source, 'source', sourcePort),
        targetHandle: handle(target, 'target', targetPort),
        sourceNode: box(root.querySelector(`.react-flow__node[data-id="${source}"]`)),
        targetNode: box(root.querySelector(`.react-flow__node[data-id="${target}"]`)),
      };
    });
  });
}

const near = (pt: { x: number; y: number }, b: { left: number; right: number; top: number; bottom: number } | null) =>
  !!b && pt.x >= b.left - 1 && pt.x <= b.right + 1 && pt.y >= b.top - 1 && pt.y <= b.bottom + 1;

describe('Layout', () => {
  it('lays a chain out left to right: no edge runs backwards, each edge joins its own ports', async () => {
    const page = await openEditor('long-chain', 60);
    try {
      // Undo the layout by hand: drag a step to the left of the step that feeds it.
      const moved = node(page, 'audit').locator('.step-node-head');
      const b = (await moved.boundingBox())!;
      await page.mouse.move(b.x + 60, b.y + 20);
      await page.mouse.down();
      await page.mouse.move(b.x - 240, b.y + 260, { steps: 12 });
      await page.mouse.up();
      const backwards = async () =>
        (await edgeEnds(page)).filter((e) => e.sourceNode && e.targetNode && e.targetNode.left <= e.sourceNode.right).map((e) => e.id);
      await expect.poll(backwards).not.toEqual([]);

      await page.getByTestId('layout').click();
      await expect.poll(backwards, { timeout: 20_000 }).toEqual([]);
      await settled(page.locator('.editor-canvas'));
      expectReadable(await read(page.locator('.editor-canvas')));

      const ends = await edgeEnds(page);
      expect(ends).toHaveLength(60);
      // Every edge leaves its source's handle and reaches its target's (the needs handles for `needs:`).
      expect(ends.filter((e) => !near(e.start, e.sourceHandle) || !near(e.end, e.targetHandle)).map((e) => e.id)).toEqual([]);
      // No edge runs behind a step, where it would seem to leave from that step's port.
      expect(ends.filter((e) => e.through.length > 0).map((e) => `${e.id} behind ${e.through.join(', ')}`)).toEqual([]);
      // Ordering-only edges are dashed; data wires are not.
      expect(ends.filter((e) => e.needs).map((e) => [e.id, e.dashed])).toEqual([['audit.@needs->clean-01.@needs', true]]);
      expect(ends.filter((e) => !e.needs && e.dashed)).toEqual([]);
      await shot(page, 'editor-after-layout.png');
    } finally {
      await page.close();
    }
  }, 120_000);
});
