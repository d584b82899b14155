// The monitoring page of an endpoint in Chromium, against the embedded platform with auth required, after the
// penguins example deployed the `penguins` endpoint: windows computed with the real statistics (profiles and
// window sketches from server/monitoring/stats over seeded data) and stored with the repo functions the monitor
// workflow uses, five features of which one drifts in the newest window, and alerts raised for it. The page shows
// the heat map with the drifted cell outlined and its statistics on hover, the reference against the window for
// the chosen feature (switching the feature redraws it), quality and traffic charts with the deployment marked,
// the alerts, and the monitor's spec; an endpoint whose monitor has no window yet says what to do; an endpoint
// with 20 features × 48 windows is drawn too.
// SHOTS_DIR=/some/dir saves screenshots (1280×800, light and dark, and the 20 × 48 page).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { raiseAlert, recordMonitorWindow } from '../../server/db/repo/monitors';
import { runs } from '../../server/db/schema';
import {
  createWindowSketch, datasetDrift, featureDrift, profileCategorical, profileNumeric,
  type FeatureDrift, type FeatureProfile, type MonitorWindow,
} from '../../server/monitoring/stats';
import { mulberry32 } from '../../workers/compute/random';
import { shot, startSignedInPlatform, type SignedInPlatform } from '../helpers/signed-in-platform';

let p: SignedInPlatform;
let database: Database;
const ENDPOINT = 'penguins';
const QUIET = 'quiet-model';
const WIDE = 'wide-model';
const DRIFTING = 'Body Mass (g)';
const THRESHOLDS = { psi: 0.2, js: 0.1, ksPValue: 1e-6, chi2PValue: 1e-6 };
let newestWindowId = 0;
let retrainRunId = '';


function gaussian(r: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

interface FeatureGen {
  name: string;
  /** One value; `shift` moves a numeric feature by that many standard deviations, a categorical one's mix. */
  draw: (shift: number) => number | string;
}

function numeric(name: string, mean: number, sd: number, r: () => number): FeatureGen {
  const g = gaussian(r);
  return { name, draw: (shift) => mean + sd * (g() + shift) };
}

function categorical(name: string, values: string[], r: () => number): FeatureGen {
  return { name, draw: (shift) => values[Math.min(values.length - 1, Math.floor(r() ** (1 + shift) * values.length))] };
}

function profileOf(gen: FeatureGen, rows: number): FeatureProfile {
  const values = Array.from({ length: rows }, () => gen.draw(0));
  return typeof values[0] === 'number' ? profileNumeric(values as number[]) : profileCategorical(values as string[]);
}

/** One window as computeWindow would answer it, from `rows` drawn values per feature. */
function windowOf(start: Date, minutes: number, rows: number, gens: FeatureGen[], profiles: FeatureProfile[], shiftOf: (feature: string) => number, r: () => number): MonitorWindow {
  const features: Record<string, FeatureDrift> = {};
  gens.forEach((gen, i) => {
    const sketch = createWindowSketch(profiles[i]);
    const shift = shiftOf(gen.name);
    for (let k = 0; k < rows; k++) sketch.add(gen.draw(shift));
    features[gen.name] = featureDrift(profiles[i], sketch, THRESHOLDS);
  });
  const requests = rows + Math.floor(r() * 40);
  const errors = Math.floor(r() * 4);
  const accuracy = 0.9 + r() * 0.06;
  return {
    start: start.toISOString(),
    end: new Date(start.getTime() + minutes * 60_000).toISOString(),
    rows,
    modelVersionId: null,
    features,
    dataset: datasetDrift(features, 0.5),
    prediction: null,
    quality: { labelled: Math.floor(rows * 0.3), accuracy, f1Macro: accuracy - 0.02, logLoss: 0.2 + r() * 0.1 },
    health: { requests, errors, errorRate: errors / requests, p50Ms: 2, p95Ms: 5 + Math.floor(r() * 3), p99Ms: 10 + Math.floor(r() * 15) },
  };
}

async function seedPenguins(): Promise<void> {
  const r = mulberry32(12);
  const gens = [
    numeric('Beak Length (mm)', 44, 5.4, r),
    numeric('Beak Depth (mm)', 17, 2, r),
    numeric('Flipper Length (mm)', 201, 14, r),
    numeric(DRIFTING, 4200, 800, r),
    categorical('Island', ['Biscoe', 'Dream', 'Torgersen'], r),
  ];
  const profiles = gens.map((g) => profileOf(g, 5000));
  const minutes = 10;
  const first = Date.now() - 6 * minutes * 60_000;
  for (let i = 0; i < 6; i++) {
    const w = windowOf(new Date(first + i * minutes * 60_000), minutes, 1000, gens, profiles, (f) => (i === 5 && f === DRIFTING ? 1.5 : 0), r);
    const id = await recordMonitorWindow(database.db, ENDPOINT, null, w);
    if (i === 5) {
      newestWindowId = id;
      const { row: drift } = await raiseAlert(database.db, {
        endpoint: ENDPOINT, windowId: id, kind: 'drift', severity: 'warning', subject: DRIFTING,
        message: `${DRIFTING} drifted: psi ${w.features[DRIFTING].psi.toFixed(2)}`, dedupKey: `${ENDPOINT}/${w.start}/drift/${DRIFTING}`,
      });
      await raiseAlert(database.db, {
        endpoint: ENDPOINT, windowId: id, kind: 'quality', severity: 'critical', subject: 'accuracy',
        message: 'accuracy 0.81 below 0.9', dedupKey: `${ENDPOINT}/${w.start}/quality/accuracy`,
      });
      // The retraining run a drift trigger on the endpoint would have started for the drift alert (as the trigger
      // activity records it), of the example's pipeline.
      const [example] = await database.db.select().from(runs).limit(1);
      const [retrain] = await database.db.insert(runs).values({
        pipelineId: example.pipelineId, pipelineVersionId: example.pipelineVersionId, workflowId: `drift-retrain-${id}`,
        status: 'succeeded', trigger: 'drift', plan: example.plan, createdBy: 'monitor',
        triggerDetails: {
          event: `drift:${ENDPOINT}:${w.start}`, kind: 'drift', endpoint: ENDPOINT, window: { start: w.start, end: w.end }, windowId: id,
          alertIds: [drift.id], summary: `drift · ${ENDPOINT} window (${DRIFTING})`,
        },
      }).returning();
      retrainRunId = retrain.id;
    }
  }
}

async function seedWide(): Promise<void> {
  const r = mulberry32(48);
  const gens = Array.from({ length: 20 }, (_, i) =>
    i % 5 === 4 ? categorical(`segment_${String(i).padStart(2, '0')}`, ['a', 'b', 'c', 'd', 'e'], r) : numeric(`feature_${String(i).padStart(2, '0')}`, 10 * i, 1 + i, r));
  const profiles = gens.map((g) => profileOf(g, 2000));
  const minutes = 30;
  const first = Date.now() - 48 * minutes * 60_000;
  for (let i = 0; i < 48; i++) {
    // Two features drift from window 30 on, growing; a categorical one in a short burst.
    const shift = (f: string) => (f === 'feature_03' || f === 'feature_07') && i >= 30 ? (i - 29) * 0.08 : f === 'segment_09' && i >= 20 && i < 24 ? 2 : 0;
    await recordMonitorWindow(database.db, WIDE, null, windowOf(new Date(first + i * minutes * 60_000), minutes, 300, gens, profiles, shift, r));
  }
}

const PENGUINS_MONITOR = `monitor: penguins
window: 1h
features:
  default: { psi: 0.2, js: 0.1, ksPValue: 0.000001, chi2PValue: 0.000001 }
quality:
  accuracy: { min: 0.9, severity: critical }
`;

beforeAll(async () => {
  p = await startSignedInPlatform('headrace-monitoring', { example: true });
  database = await openDatabase(`postgres://postgres@127.0.0.1:${p.place.ports.db}/postgres`, { max: 2 });
  await p.client('editor').monitor.save.mutate({ source: PENGUINS_MONITOR, origin: 'monitors/penguins.monitor.yaml' });
  await p.client('editor').monitor.save.mutate({ source: `monitor: ${QUIET}\nwindow: 30m\n` });
  await seedPenguins();
  await seedWide();
}, 320_000);

afterAll(async () => {
  await database?.close();
  await p?.stop();
});

/** The heat map's cells as the SVG draws them: the ones outlined in the foreground colour are the drifted ones. */
async function outlinedCells(page: import('playwright-core').Page): Promise<Array<{ x: number; y: number }>> {
  return page.evaluate(() => {
    const paths = [...document.querySelectorAll('[data-testid="drift-heatmap"] svg path')] as SVGPathElement[];
    return paths
      .filter((el) => el.getAttribute('stroke-width') === '2')
      .map((el) => {
        const b = el.getBoundingClientRect();
        return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
      });
  });
}

describe('the monitoring page', () => {
  it('is linked from the endpoint page and shows the heat map with the drifted cell, its statistics on hover', async () => {
    const page = await p.pageAs('viewer', `/endpoints/${ENDPOINT}`);
    await page.getByTestId('endpoint-monitoring-link').click();
    await page.waitForURL((u) => u.pathname === `/endpoints/${ENDPOINT}/monitoring`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Monitoring ${ENDPOINT}`);
    const heat = page.getByTestId('drift-heatmap');
    await page.locator('[data-testid="drift-heatmap"][data-ready="true"] svg').waitFor();
    expect(await page.getByTestId('heatmap-summary').textContent()).toBe('5 features × 6 windows · 1 drifted cell (outlined)');
    // The drifted cell is the newest window's body mass; every other cell is not.
    expect(await page.getByTestId(`heat-${DRIFTING}-${newestWindowId}`).getAttribute('data-drifted')).toBe('true');
    expect(await page.locator('[data-testid="heatmap-table"] td[data-drifted="true"]').count()).toBe(1);
    expect(await page.locator('[data-testid="heatmap-table"] td[data-drifted="false"]').count()).toBe(29);
    // Drawn: one outlined cell in the SVG; hovering it shows the feature's statistics.
    const outlined = await outlinedCells(page);
    expect(outlined).toHaveLength(1);
    await page.mouse.move(outlined[0].x, outlined[0].y);
    const tooltip = page.locator('[data-testid="drift-heatmap"] div', { hasText: 'drifted (' }).last();
    await tooltip.waitFor();
    const tip = (await tooltip.textContent())!;
    expect(tip).toContain(DRIFTING);
    expect(tip).toMatch(/PSI \d/);
    expect(tip).toMatch(/KS [\d.e-]+ · p /);
    expect(tip).toContain('1000 rows');
    expect(await heat.getAttribute('aria-label')).toBe('Heat map of drift: 5 features by 6 windows, 1 drifted');
    // The summary line names the last window's drifted feature.
    expect(await page.getByTestId('monitor-last-window').textContent()).toContain(`drifted: ${DRIFTING}`);
    await page.close();
  });

  it('draws reference against window for the chosen feature, and switching the feature redraws it', async () => {
    const page = await p.pageAs('viewer', `/endpoints/${ENDPOINT}/monitoring`);
    const chart = page.locator('[data-testid="distribution-chart"][data-ready="true"] svg');
    await chart.waitFor();
    // At first: the newest window's drifted feature.
    expect(await page.getByLabel('Feature', { exact: true }).inputValue()).toBe(DRIFTING);
    expect(await page.getByTestId('distribution-verdict').textContent()).toMatch(/^drifted \(psi/);
    expect(await page.getByTestId('distribution-caption').textContent()).toContain('(numeric)');
    await page.waitForFunction(() => document.querySelector('[data-testid="distribution-chart"] svg')?.textContent?.includes('reference (training)'));
    const numericText = (await chart.textContent())!;
    expect(numericText).not.toContain('Biscoe');
    // A categorical feature: its categories become the chart's bins.
    await page.getByLabel('Feature', { exact: true }).selectOption('Island');
    expect(await page.getByTestId('distribution-caption').textContent()).toContain('Island (categorical)');
    expect(await page.getByTestId('distribution-verdict').textContent()).toBe('not drifted');
    await page.waitForFunction(() => ['Biscoe', 'Dream', 'Torgersen'].every((c) => document.querySelector('[data-testid="distribution-chart"] svg')?.textContent?.includes(c)));
    expect(await page.getByTestId('distribution-stats').textContent()).toMatch(/χ² [\d.e+-]+ \(p /);
    // An older window of the same feature.
    await page.getByLabel('Window', { exact: true }).selectOption({ index: 0 });
    expect(await page.getByLabel('Feature', { exact: true }).inputValue()).toBe('Island');
    expect(await page.getByTestId('distribution-verdict').textContent()).toBe('not drifted');
    await page.close();
  });

  it('lists the alerts, draws quality and traffic with the deployment marked, and shows the spec', async () => {
    const page = await p.pageAs('viewer', `/endpoints/${ENDPOINT}/monitoring`);
    const alerts = page.getByTestId('alerts');
    await alerts.waitFor();
    const rows = alerts.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    // Newest first.
    expect(await rows.nth(0).textContent()).toContain('critical');
    expect(await rows.nth(0).textContent()).toContain('accuracy 0.81 below 0.9');
    expect(await rows.nth(1).textContent()).toContain('warning');
    expect(await rows.nth(1).textContent()).toContain(`${DRIFTING} drifted: psi`);
    // The drift alert started a retraining run: its row links the run, and the run is marked on the time charts.
    const chain = rows.nth(1).getByTestId('alert-retraining');
    expect(await chain.textContent()).toMatch(new RegExp(`^penguins run ${retrainRunId.slice(0, 8)}\\s*succeeded`));
    expect(await chain.getByRole('link').first().getAttribute('href')).toBe(`/runs/${retrainRunId}`);
    expect(await rows.nth(0).getByTestId('alert-retraining').textContent()).toBe('–');
    // The example's deployment is marked on the time charts, and listed under them.
    await page.locator('[data-testid="quality-chart"][data-ready="true"] svg').waitFor();
    await page.locator('[data-testid="traffic-chart"][data-ready="true"] svg').waitFor();
    const marks = page.getByTestId('time-marks');
    await marks.waitFor();
    expect(await marks.textContent()).toContain('deployment #1 · penguins@1');
    expect(await marks.textContent()).toContain(`penguins retrained · drift · ${ENDPOINT} window (${DRIFTING})`);
    await page.waitForFunction(() => document.querySelector('[data-testid="quality-chart"] svg')?.textContent?.includes('accuracy'));
    expect(await page.locator('[data-testid="quality-chart"] svg').textContent()).toContain('#1');
    expect(await page.locator('[data-testid="traffic-chart"] svg').textContent()).toContain('#1');
    expect(await page.locator('[data-testid="traffic-chart"] svg').textContent()).toContain('p99');
    // The spec as applied, and no edit button for a viewer.
    expect(await page.getByTestId('monitor-spec').textContent()).toBe(PENGUINS_MONITOR);
    expect(await page.getByTestId('monitor-version').textContent()).toContain('monitors/penguins.monitor.yaml');
    expect(await page.getByRole('button', { name: 'Edit YAML' }).count()).toBe(0);
    await page.getByTestId('drift-heatmap').scrollIntoViewIfNeeded();
    await shot(page, 'monitoring-light.png');
    if (process.env.SHOTS_DIR) {
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'monitoring-light-full.png'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      // The charts take the dark palette when the scheme changes.
      await page.locator('.monitoring-page[data-scheme="dark"]').waitFor();
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'monitoring-dark.png') });
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'monitoring-dark-full.png'), fullPage: true });
    }
    await page.close();
  });

  it('lets an editor change the spec as YAML', async () => {
    const page = await p.pageAs('editor', `/endpoints/${ENDPOINT}/monitoring`);
    await page.getByRole('button', { name: 'Edit YAML' }).click();
    const edited = PENGUINS_MONITOR.replace('window: 1h', 'window: 2h');
    await page.getByLabel('Monitor YAML').fill(edited.replace('window: 2h', 'window: soon'));
    await page.getByRole('button', { name: 'Save' }).click();
    // A mistake is reported with its line, and nothing is saved.
    const error = page.getByTestId('monitor-save-error');
    await error.waitFor();
    expect(await error.textContent()).toContain("2:9: 'window' must be a duration");
    await page.getByLabel('Monitor YAML').fill(edited);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction((text) => document.querySelector('[data-testid="monitor-spec"]')?.textContent === text, edited);
    expect(await page.getByTestId('monitor-version').textContent()).toContain('version 2');
    const saved = await p.client('viewer').monitor.get.query({ endpoint: ENDPOINT });
    expect(saved.version).toBe(2);
    expect(saved.spec.window).toBe('2h');
    await page.close();
  });

  it('says what to do for a monitor without windows yet', async () => {
    const page = await p.pageAs('viewer', `/endpoints/${QUIET}/monitoring`);
    const empty = page.getByTestId('monitor-empty');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('No window computed yet.');
    expect(await empty.textContent()).toContain('every 30m');
    expect(await empty.textContent()).toContain(`headrace monitor ${QUIET} --since 1h`);
    expect(await page.getByTestId('drift-heatmap').count()).toBe(0);
    expect(await page.getByTestId('monitor-spec').textContent()).toContain(`monitor: ${QUIET}`);
    await shot(page, 'monitoring-empty.png');
    await page.close();
  });

  it('draws 20 features × 48 windows', async () => {
    const page = await p.pageAs('viewer', `/endpoints/${WIDE}/monitoring`);
    await page.locator('[data-testid="drift-heatmap"][data-ready="true"] svg').waitFor();
    expect(await page.getByTestId('heatmap-summary').textContent()).toMatch(/^20 features × 48 windows · \d+ drifted cells \(outlined\)$/);
    expect(await page.locator('[data-testid="heatmap-table"] tbody tr').count()).toBe(20);
    const drifted = await page.locator('[data-testid="heatmap-table"] td[data-drifted="true"]').count();
    expect(drifted).toBeGreaterThan(0);
    expect(await outlinedCells(page)).toHaveLength(drifted);
    await shot(page, 'monitoring-wide.png');
    if (process.env.SHOTS_DIR) {
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'monitoring-wide-full.png'), fullPage: true });
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.locator('.monitoring-page[data-scheme="dark"]').waitFor();
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'monitoring-wide-dark.png') });
    }
    await page.close();
  });
});
