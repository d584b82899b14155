// `headrace start` (what `npm start` runs) ends with the predict server up beside the rest: the penguins example
// deploys its version behind the `penguins` endpoint, the launcher shows one prediction and the curl line,
// /v2/health/live answers, `headrace predict penguins --file` answers from the example's own rows, and
// Ctrl+C stops the predict server with everything else.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForPort } from '../../server/temporal/dev-server';
import { headrace } from '../helpers/cli';
import { startPlatform, stopLauncher, type PlatformPlace } from '../helpers/platform';

let place: PlatformPlace;
let child: ChildProcess;
let output: () => string;

beforeAll(async () => {
  const started = await startPlatform('headrace-predict-start', ['--no-web'], { timeoutMs: 240_000 });
  ({ place, child } = started);
  output = started.output;
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) await stopLauncher(child);
  rmSync(place.home, { recursive: true, force: true });
});

describe('headrace start with the predict server', () => {
  it('deploys the example and shows the endpoint answering, with the curl line', async () => {
    const out = output();
    const serve = `http://127.0.0.1:${place.ports.serve}`;
    expect(out).toContain(`Predict server: ${serve}`);
    expect(out).toMatch(/\n {2}deploy +deploy\.endpoint +succeeded/);
    expect(out).toMatch(/deployed penguins v1 to endpoint penguins \(deployment #1, replace\)/);
    expect(out).toMatch(/endpoint penguins answers: (Adelie|Chinstrap|Gentoo) \(\d+\.\d%\) from penguins v1/);
    const curl = out.match(/ {2}(curl -s \S+\/v1\/endpoints\/penguins\/predict .*)\n/)?.[1];
    expect(curl, out).toBeDefined();
    expect(curl).toContain(`${serve}/v1/endpoints/penguins/predict`);
    // The printed line works as printed.
    const answer = JSON.parse(execFileSync('bash', ['-c', curl!], { encoding: 'utf8' }));
    expect(answer.model).toEqual({ name: 'penguins', version: 1, variant: 'penguins-v1' });
    expect(['Adelie', 'Chinstrap', 'Gentoo']).toContain(answer.predictions[0].label);
  });

  it('answers /v2/health/live and the penguins endpoint through headrace predict', async () => {
    const live = await fetch(`http://127.0.0.1:${place.ports.serve}/v2/health/live`);
    expect(live.status).toBe(200);
    await live.body?.cancel();
    // Three rows of the example's data, one per species, as CSV.
    const data = JSON.parse(readFileSync('examples/penguins/data/penguins.json', 'utf8')) as Array<Record<string, unknown>>;
    const features = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
    const picked = ['Adelie', 'Chinstrap', 'Gentoo'].map((s) => data.find((r) => r.Species === s && features.every((f) => typeof r[f] === 'number'))!);
    const csv = [features.map((f) => `"${f}"`).join(','), ...picked.map((r) => features.map((f) => String(r[f])).join(','))].join('\n');
    writeFileSync(join(place.home, 'rows.csv'), csv);
    const r = await headrace(['predict', 'penguins', '--file', join(place.home, 'rows.csv'), '--json'], place.env);
    expect(r.code, r.stderr).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.model).toEqual({ name: 'penguins', version: 1, variant: 'penguins-v1' });
    // The example's model is accurate (its gate asks 0.9): typical rows of each species get their species.
    expect(answer.predictions.map((p: { label: string }) => p.label)).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
  });

  it('stops the predict server on Ctrl+C with the rest', async () => {
    expect(await stopLauncher(child)).toBe(0);
    expect(await waitForPort(place.ports.serve, 200)).toBe(false);
  });
});
