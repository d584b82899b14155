// Every bench at a tiny size (`npm run bench -- NAME --smoke --record`), so the scripts keep working: each must
// exit 0, print well-formed figure lines, and record a section with one table row per figure (into a temporary
// file, never docs/benchmarks.md). The editor bench is left to `npm run bench -- editor --smoke`: its platform
// needs a `next build` of the web app (minutes on two cores), and test/e2e/editor.test.ts covers that path; nor is
// the load bench: it brings up the whole distributed topology (eleven processes), which `npm run test:distributed`
// brings up and exercises right after the tests in CI (`npm run bench -- load --smoke` takes about 30 s alone).
// Also the harness's own refusals: unknown options, empty figures, a missing requirements file, PyPI unreachable.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchOptions, figure } from '../../bench/lib/harness';
import { pythonVenv } from '../../bench/lib/python';

const BENCH = resolve('bench');
const SMOKED = readdirSync(BENCH)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && f !== 'editor.ts' && f !== 'load.ts')
  .map((f) => f.slice(0, -3));
const FIGURE = /^bench (.+?): ours (\S+) (\S+), anchor (\S+) (\S+), ratio (\S+) \(goal (.+): (met|MISSED)\)$/;
const dir = mkdtempSync(join(tmpdir(), 'headrace-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBench(name: string, doc: string): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH, 'run.ts'), name, '--smoke', '--record'], {
      env: { ...process.env, HEADRACE_BENCH_DOC: doc },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.once('exit', (code) => done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

describe.concurrent('benches at smoke size, and the harness', () => {
  it('has the benches of the benchmarks issue', () => {
    expect(SMOKED).toEqual(expect.arrayContaining(['compile', 'orchestration', 'ingest', 'train']));
  });

  it.each(SMOKED)('%s runs, prints figure lines and records them', { timeout: 170_000 }, async (name) => {
    const doc = join(dir, `${name}.md`);
    writeFileSync(doc, '# smoke\n');
    const r = await runBench(name, doc);
    expect(r.code, `${name} failed:\n${r.stderr.slice(-3000)}`).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('bench '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const m = FIGURE.exec(line);
      expect(m, `not a figure line: ${line}`).not.toBeNull();
      expect(m![1].startsWith(`${name}.`)).toBe(true);
      for (const value of [m![2], m![4], m![6]]) expect(Number.isFinite(Number(value)), `${line}: ${value}`).toBe(true);
      expect(m![3]).toBe(m![5]); // one unit for both sides
    }
    const section = readFileSync(doc, 'utf8');
    expect(section).toMatch(new RegExp(`^## \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC — ${name}`, 'm'));
    expect(section).toMatch(/^Commit: `[0-9a-f]{10}`/m);
    expect(section).toMatch(/^Machine: `lscpu` → .+, \d+ CPUs;/m);
    expect(section).toContain(`- \`npm run bench -- ${name} --smoke --record\``);
    const rows = section.split('\n').filter((l) => /^\| \S+.* \| \*\*/.test(l));
    expect(rows).toHaveLength(lines.length);
    console.log(`${name}: ${lines.length} figures in ${r.seconds.toFixed(1)} s`);
  });

  // The harness refuses bad input clearly (run alongside the benches: they share nothing).
  it('names an unknown option', () => {
    expect(() => benchOptions(['--smoke', '--fast'])).toThrow('unknown bench option --fast; known: --smoke, --record, --profile');
  });

  it('names the figure that has no samples', () => {
    expect(() =>
      figure({ bench: 'compile', name: 'chain-100', unit: 'ms', ours: [1], anchor: [], ratio: 'anchor/ours', goal: '≥ 100×', met: false }),
    ).toThrow('bench compile.chain-100: a figure needs samples on both sides');
  });

  it('names a requirements file that does not exist', async () => {
    await expect(pythonVenv(join(dir, 'nope.txt'))).rejects.toThrow(/nope\.txt: no such requirements file/);
  });

  it('says when PyPI cannot be reached, naming the requirements file', { timeout: 90_000 }, async () => {
    const req = join(dir, `requirements-unreachable-${process.pid}.txt`);
    writeFileSync(req, 'headrace-bench-no-such-package==0.0.1\n');
    // A closed port on loopback as the index, no other sources, no retries: pip fails to connect at once.
    const env = { PIP_INDEX_URL: 'http://127.0.0.1:9/simple', PIP_FIND_LINKS: '', PIP_RETRIES: '0', PIP_TIMEOUT: '3', PIP_CONFIG_FILE: '/dev/null' };
    await expect(pythonVenv(req, { env })).rejects.toThrow(/pip could not reach PyPI to install .*requirements-unreachable-\d+\.txt \(index http:\/\/127\.0\.0\.1:9\/simple/);
  });
});
