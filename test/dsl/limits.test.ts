// The bounds of dsl/limits.ts on hostile files: each is refused fast, as one located error that names the limit,
// by every reader of YAML (the checker, the editor's projection and edits, monitor files); and the ordinary files
// near them are not refused.
import { describe, expect, it } from 'vitest';
import { compile, DSL_LIMITS, EditError, projectGraph, setConfig, validate, type Diagnostic } from '../../dsl';
import { parseMonitor } from '../../dsl/monitor-file';

const head = 'headrace: 1\nname: t\n';

/** `validate(source)` with how long it took. */
function timed(source: string): { diagnostics: Diagnostic[]; ms: number } {
  const t0 = performance.now();
  const diagnostics = validate(source);
  return { diagnostics, ms: performance.now() - t0 };
}

const at = (d: Diagnostic) => `${d.line}:${d.col}: ${d.message}`;

/** Nine anchors, each a list of nine aliases of the one before: 9^9 strings once expanded. */
const billionLaughs = [
  'headrace: 1',
  'name: lol',
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...'bcdefghi'.split('').map((x, i) => {
    const prev = 'abcdefghi'[i];
    return `${x}: &${x} [${Array(9).fill(`*${prev}`).join(', ')}]`;
  }),
  'steps:',
  '  s:',
  '    uses: approve',
  '    with: { message: *i }',
  '',
].join('\n');

describe('YAML limits', () => {
  it('refuses a billion laughs in well under a second, at the alias that passes the limit', () => {
    const { diagnostics, ms } = timed(billionLaughs);
    expect(diagnostics.map(at)).toEqual(['9:8: the aliases up to *f stand for more than 1,000,000 nodes (each alias counts as a copy of its anchor)']);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code: 'limit' });
    expect(ms).toBeLessThan(500);
    expect(compile(billionLaughs).plan).toBeUndefined();
  });

  it('refuses 10 000-deep nesting, in flow and in block style, where it passes the limit', () => {
    const flow = `${head}steps:\n  s:\n    uses: approve\n    with: { message: ${'['.repeat(10_000)}${']'.repeat(10_000)} }\n`;
    const block = `${head}x:\n${'- '.repeat(10_000)}x\n`;
    for (const [source, line] of [[flow, 6], [block, 4]] as const) {
      const { diagnostics, ms } = timed(source);
      expect(diagnostics.map(at)).toEqual([expect.stringMatching(new RegExp(`^${line}:\\d+: the document nests collections more than 64 deep$`))]);
      expect(ms).toBeLessThan(500);
    }
    // 64 levels are fine: the top-level map, `with:`, and 62 lists.
    const deep = `${head}steps:\n  s:\n    uses: approve\n    with: { message: ${'['.repeat(DSL_LIMITS.depth - 4)}x${']'.repeat(DSL_LIMITS.depth - 4)} }\n`;
    expect(validate(deep).filter((d) => d.code === 'limit')).toEqual([]);
  });

  it('counts nesting through aliases', () => {
    const deep = `${'['.repeat(40)}1${']'.repeat(40)}`;
    const source = `${head}a: &a ${deep}\nb: &b ${'['.repeat(30)}*a${']'.repeat(30)}\nsteps: {}\n`;
    expect(validate(source).map(at)).toEqual(['4:37: the document nests collections more than 64 deep (through the alias *a)']);
  });

  it('refuses a file over 2 MiB before reading it, at 1:1', () => {
    const source = `${head}steps: {}\n# ${'x'.repeat(DSL_LIMITS.bytes)}\n`;
    const { diagnostics, ms } = timed(source);
    expect(diagnostics.map(at)).toEqual(['1:1: the file is 2.0 MiB; a pipeline or monitor file may be at most 2.0 MiB']);
    expect(ms).toBeLessThan(200);
    // The size is counted in UTF-8 bytes: a file of 700 000 three-byte characters is over.
    expect(validate(`${head}# ${'€'.repeat(700_000)}\n`).map((d) => d.code)).toEqual(['limit']);
  });

  it('refuses more steps than the limit at the first step past it, without checking the rest', () => {
    const steps = Array.from({ length: DSL_LIMITS.steps + 1 }, (_, i) => `  s${i}: { uses: approve, in: { x: nowhere.table } }`);
    const source = `${head}steps:\n${steps.join('\n')}\n`;
    const { diagnostics } = timed(source);
    expect(diagnostics.map(at)).toEqual([`${DSL_LIMITS.steps + 4}:3: the pipeline has 10001 steps; at most 10000 are allowed (this is step 10001)`]);
  });
});

describe('aliases', () => {
  it('an alias inside the node it names, or naming no anchor, is an error at the alias, not a crash', () => {
    expect(validate(`${head}steps:\n  s:\n    uses: approve\n    with: &x { y: *x }\n`).map(at)).toEqual([
      '6:19: the alias *x is inside the node it names (&x): it would be infinitely deep',
    ]);
    expect(validate(`${head}steps: *nope\n`).map(at)).toEqual(['3:8: the alias *nope names no anchor (&nope) before it']);
  });

  it('one anchor shared by many steps is read as often as it is used', () => {
    const steps = Array.from({ length: 150 }, (_, i) => (i === 0 ? '  s0: { uses: approve, with: &m { message: hi } }' : `  s${i}: { uses: approve, with: *m }`));
    const { plan, diagnostics } = compile(`${head}steps:\n${steps.join('\n')}\n`);
    expect(diagnostics).toEqual([]);
    expect(plan?.steps.map((s) => s.config)).toEqual(Array(150).fill(expect.objectContaining({ message: 'hi' })));
  });

  it('refuses more than 10 000 aliases', () => {
    const source = `${head}x: &a 1\ny: [${Array(DSL_LIMITS.aliases + 1).fill('*a').join(', ')}]\nsteps: {}\n`;
    expect(validate(source).map((d) => d.message)).toEqual(['the file has more than 10,000 aliases (*name)']);
  });
});

describe('the other readers of YAML', () => {
  it('the editor shows no graph and refuses edits, with the same error', () => {
    const { graph, diagnostics } = projectGraph(billionLaughs);
    expect(graph).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toEqual(['limit']);
    expect(() => setConfig(billionLaughs, 's', ['message'], 'x')).toThrow(EditError);
  });

  it('a monitor file is refused the same way', () => {
    const monitor = billionLaughs.replace('headrace: 1\nname: lol\n', 'monitor: penguins\n').replace(/steps:[\s\S]*$/, '');
    expect(parseMonitor(monitor).diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['limit', 'the aliases up to *f stand for more than 1,000,000 nodes (each alias counts as a copy of its anchor)'],
    ]);
  });
});
