// The fast reader (dsl/parse/plain-yaml.ts) against yaml itself: whenever it reads a text, yaml must read the same
// text without an error into the same nodes — same kinds, values, flow styles and ranges — and the same JS value.
// Checked on every pipeline in the repository, on the compile bench's shapes, on hand-picked edge cases, and on
// texts generated from a grammar of tricky tokens.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { plainToJS, readPlainYaml } from '../../dsl/parse/plain-yaml';
import { compile } from '../../dsl';
import { compileReading } from '../../dsl/compile/compile';
import { shapedPipeline } from '../../bench/lib/shapes';

const OPTIONS = { prettyErrors: false, uniqueKeys: false, merge: true, logLevel: 'error' as const };

/** The differences between two trees, as paths; empty when they agree. */
function differences(ours: unknown, theirs: unknown, path = '$'): string[] {
  const a = ours as Node;
  const b = theirs as Node;
  if (a === null || b === null || a === undefined || b === undefined) return a === b ? [] : [`${path}: ${String(a)} vs ${String(b)}`];
  const out: string[] = [];
  const ra = a.range ?? [];
  const rb = b.range ?? [];
  if (ra[0] !== rb[0] || ra[1] !== rb[1] || ra[2] !== rb[2]) out.push(`${path}: range ${JSON.stringify(ra)} vs ${JSON.stringify(rb)}`);
  if (isScalar(a) && isScalar(b)) {
    if (!Object.is(a.value, b.value)) out.push(`${path}: value ${JSON.stringify(a.value)} vs ${JSON.stringify(b.value)}`);
    if (a.type !== b.type) out.push(`${path}: type ${a.type} vs ${b.type}`);
  } else if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
    if (Boolean(a.flow) !== Boolean(b.flow)) out.push(`${path}: flow ${a.flow} vs ${b.flow}`);
    if (a.items.length !== b.items.length) return [...out, `${path}: ${a.items.length} items vs ${b.items.length}`];
    a.items.forEach((item, i) => {
      const other = b.items[i];
      if (isPair(item) && isPair(other)) {
        out.push(...differences(item.key, other.key, `${path}[${i}].key`), ...differences(item.value, other.value, `${path}[${i}].value`));
      } else out.push(...differences(item, other, `${path}[${i}]`));
    });
  } else out.push(`${path}: ${a.constructor.name} vs ${b.constructor.name}`);
  return out;
}

/** Reads `text` both ways; answers whether the fast reader took it, failing on any disagreement. */
function agrees(text: string): boolean {
  const ours = readPlainYaml(text, OPTIONS);
  if (!ours) return false;
  const theirs = parseDocument(text, OPTIONS);
  expect(theirs.errors.map((e) => e.message), `yaml reports errors for a text the fast reader took:\n${text}`).toEqual([]);
  expect(theirs.warnings.map((e) => e.message), `yaml warns about a text the fast reader took:\n${text}`).toEqual([]);
  expect(differences(ours.contents, theirs.contents), text).toEqual([]);
  expect(ours.toJS({ maxAliasCount: -1 })).toEqual(theirs.toJS());
  expect(plainToJS(ours.contents)).toEqual(theirs.toJS());
  // The checker reads only what was compared above, so its diagnostics (and positions) are yaml's reading's.
  expect(compileReading(text, {}, true).diagnostics).toEqual(compileReading(text, {}, false).diagnostics);
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const INLINE = [
  'a', 'b c', '-1', '1.5', '.5e3', 'true', 'False', '~', 'null', '007', '"q"', '"e\\n\\u00e9"', "'s''t'", 'x:y', ':z', '-w',
  'a # c', '[a, b]', '[]', '{a: 1}', '{}', '{ a: [1, {b: c}] , d : "e" }', '[a, ]', '[ [x] , {y: z} ]', 'http://h/p#f',
];
const KEYS = ['k', 'key', '"q k"', "'s'", 'k2', 'steps', '1', 'true', '-k', 'a b'];

/** Documents built as trees of block maps, sequences and scalars, rendered with assorted indentation, comments,
 *  blank lines and block scalars — texts the reader should mostly take. */
function documents(): fc.Arbitrary<string> {
  type Render = (indent: number) => string[];
  const { value } = fc.letrec<{ value: Render; map: Render; seq: Render; scalar: Render }>((tie) => ({
    scalar: fc.oneof(
      fc.constantFrom(...INLINE).map((v): Render => () => [v]),
      fc.tuple(fc.constantFrom('|', '|-', '>', '>-'), fc.array(fc.constantFrom('text', 'more words', '', '# hash', 'x: y'), { minLength: 1, maxLength: 4 }))
        .map(([head, lines]): Render => (indent) => [head, ...['first', ...lines].map((l) => (l ? ' '.repeat(indent + 2) + l : ''))]),
    ),
    map: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value') as fc.Arbitrary<Render>, fc.constantFrom('', '', ' # note', '\n', '\n# c')), { minLength: 1, maxLength: 4 })
      .map((entries): Render => (indent) => entries.flatMap(([k, v, extra]) => entry(indent, `${k}:`, v, extra))),
    seq: fc.array(fc.tuple(tie('value') as fc.Arbitrary<Render>, fc.constantFrom('', '', ' # note', '\n')), { minLength: 1, maxLength: 4 })
      .map((items): Render => (indent) => items.flatMap(([v, extra]) => entry(indent, '-', v, extra))),
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('scalar') as fc.Arbitrary<Render>, tie('map') as fc.Arbitrary<Render>, tie('seq') as fc.Arbitrary<Render>),
  }));
  return fc.tuple(value, fc.constantFrom(0, 0, 1, 2)).map(([render, _]) => {
    const lines = render(0);
    // A top-level scalar is not a pipeline: wrap it.
    return (lines.length === 1 || /^[|>]/.test(lines[0]) ? entry(0, 'top:', () => lines, '') : lines).join('\n') + '\n';
  });
}

/** A key or dash at `indent` with its value: inline when it is one line, else on the lines below (a map under a
 *  dash starts on the dash's line). */
function entry(indent: number, head: string, value: (indent: number) => string[], extra: string): string[] {
  const pad = ' '.repeat(indent);
  const inner = value(indent + 2);
  const [first, ...rest] = inner;
  const after = extra.startsWith(' #') ? extra : '';
  const below = extra.startsWith('\n') ? extra.slice(1).split('\n') : [];
  if (/^[|>]/.test(first)) return [`${pad}${head} ${first}`, ...rest, ...below];
  if (inner.length === 1) return [`${pad}${head} ${first}${after}`, ...below];
  if (head === '-' && !first.startsWith(' ')) {
    // `- key: …` with the map's other keys under the key.
    const lines = value(indent + 2);
    return [`${pad}- ${lines[0].trimStart()}`, ...lines.slice(1), ...below];
  }
  return [`${pad}${head}${after}`, ...inner.map((l) => l), ...below];
}

describe('the plain YAML reader', () => {
  it('reads every example pipeline and monitor file exactly as yaml does', () => {
    // examples/ci holds a GitHub Actions workflow, not a pipeline.
    const files = yamlFiles('examples').filter((f) => !f.startsWith(join('examples', 'ci')));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files) expect(agrees(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it('reads the compile bench pipelines exactly as yaml does', () => {
    for (const shape of ['chain', 'fan', 'dag'] as const) expect(agrees(shapedPipeline(shape, 300).yaml), shape).toBe(true);
  });

  it('agrees with yaml on the test fixtures it takes, and takes the plain ones', () => {
    const taken = yamlFiles('test/dsl/fixtures').filter((f) => agrees(readFileSync(f, 'utf8')));
    expect(taken.length).toBeGreaterThanOrEqual(3);
  });

  it('reads the plain subset: scalars of the core schema, quotes, flow collections, comments, sequences', () => {
    const cases = [
      'a: 1\nb: -2\nc: +3\nd: 1.5\ne: .5\nf: 1e3\ng: -1.5E-2\nh: 007\n',
      'a: true\nb: False\nc: TRUE\nd: ~\ne: null\nf: Null\ng:\nh: .inf\ni: -.Inf\nj: .nan\n',
      'a: yes\nb: on\nc: 1.2.3\nd: 12:30\ne: -x\nf: :x\ng: ?x\nh: python:3.11\ni: http://a/b?c=d#e\n',
      'a: "x\\ty\\n\\u00e9\\"\\\\"\nb: \'it\'\'s\'\nc: ""\nd: \'\'\n"e f": 1\n\'g\': 2\n',
      'a: [1, two, "3", [4], {five: 5}]\nb: {x: 1, y: [a, b], z: {}}\nc: []\nd: [a, b, ]\ne: { a : 1 , b : 2 }\n',
      '# head\na: 1 # one\n\n# between\nb:   # empty\n  c: 2\n\n  d: 3 #x\ne: x#y\n',
      'a:\n- 1\n- 2\nb:\n  - x: 1\n    y: 2\n  - z\n  -\n  - - 3\n    - 4\nc: end\n',
      'steps:\n  s1:\n    uses: ingest.csv\n    with: { path: data/x.csv, columns: { a: { type: number } } }\n    needs: [s0]\n',
      'a: b c  d\nb: when a > 3 and b < 2\nc: 0\nd: -0\ne: 1_000\nf: 0x\n1: int key\ntrue: bool key\n',
      'a: |\n  line one\n    indented\n\n  # not a comment\nb: >-\n  folded\n  text\n\n\n  para\n\nc: |-\n  x\n',
      'a:\n  - >\n    item\n    text\n  - |\n    y\n', 'a: |\n  end without newline',
      'k:',
      'k: v',
      '__proto__: 1\ntoString: x\nconstructor: {}\n~: null key\n',
      '- a\n- b: c\n',
    ];
    for (const text of cases) expect(agrees(text), text).toBe(true);
  });

  it('makes keys that name inherited properties own properties, as yaml does', () => {
    const text = '__proto__: 1\ntoString: x\n~: null key\n';
    const ours = plainToJS(readPlainYaml(text, OPTIONS)?.contents) as object;
    const theirs = parseDocument(text, OPTIONS).toJS() as object;
    expect(Object.getPrototypeOf(ours)).toBe(Object.prototype);
    for (const key of ['__proto__', 'toString', '']) expect(Object.getOwnPropertyDescriptor(ours, key)).toEqual(Object.getOwnPropertyDescriptor(theirs, key));
  });

  it('leaves to yaml what is outside the subset', () => {
    const outside = [
      'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |+\n  text\n', 'a: >2\n  text\n', 'a: > # c\n  text\n',
      'a: >\n  x\n    y\n', 'a: |\n\n  x\n', 'a: |\n  x\n   \n', 'a: b\n  c\n', 'a: "b\n  c"\n',
      'a: [b,\n  c]\n', '<<: {a: 1}\n', '? a\n: b\n', '%YAML 1.2\n---\na: 1\n', '---\na: 1\n', 'a:\tb\n', 'a: b\r\n',
      '\ufeffa: 1\n', 'a: 0x1F\n', 'a: 0o17\n', 'a: "\\x41"\n', 'a: b: c\n', 'a: [b: c]\n', 'a: {b}\n', 'text\n', '',
      'a:\n  text\n', 'a: 1\n  b: 2\n', 'a:\n    b: 1\n  c: 2\n', '- a\nb: 1\n', 'a: - b\n', 'a: [b] c\n', 'a: @b\n',
      'a: `b`\n', 'a: 1\na: 2\n', 'a: {b: 1, b: 2}\n', 'a: 1\nb: 1\nc: 1\nd: 1\ne: 1\nf: 1\ng: 1\nh: 1\ni: 1\na: 1\n', 'a: {b: 1} # c\n  d: 2\n', 'a: [#]\n', 'a:b\n',
    ];
    for (const text of outside) expect(readPlainYaml(text, OPTIONS), JSON.stringify(text)).toBeUndefined();
  });

  it('agrees with yaml on every generated text it takes (fast-check, fixed seed)', () => {
    const token = fc.constantFrom(
      'a', 'b c', '-1', '1.5', '.5e3', 'true', '~', 'null', '', '"q"', '"e\\n"', "'s''t'", 'x:y', ':z', '-w', '?v', '#c',
      '[a, b]', '[]', '{a: 1}', '{}', '{ a: [1, {b: c}] }', '[a, ]', 'a # c', '0x1', '|', '&x', '*x', '!t', '[a', 'u: v',
    );
    const line = fc.record({
      indent: fc.constantFrom('', '', '  ', '    ', ' ', '      '),
      dash: fc.constantFrom('', '', '- ', '- - '),
      key: fc.constantFrom('k', 'key', '"q k"', "'s'", 'k2', 'steps', '1', '-k', ''),
      value: token,
      gap: fc.constantFrom(': ', ':', ':  ', ' : ', ''),
    });
    const text = fc.array(line, { minLength: 1, maxLength: 8 }).map((ls) =>
      ls.map((l) => `${l.indent}${l.dash}${l.key ? `${l.key}${l.gap}` : ''}${l.value}`).join('\n') + '\n',
    );
    let taken = 0;
    fc.assert(fc.property(fc.oneof(text, documents()), (t) => {
      if (agrees(t)) taken++;
    }), { seed: 20261207, numRuns: 4000 });
    // The generators must reach the subset often enough for this test to mean something.
    expect(taken).toBeGreaterThan(1000);
  });

  it('compiles every example and fixture to the same Plan through either reader, with the same diagnostics', () => {
    const files = [...yamlFiles('examples'), ...yamlFiles('test/dsl/fixtures')].filter((f) => !f.includes('monitor') && !f.startsWith(join('examples', 'ci')));
    let plans = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const options = { baseDir: '/repo', params: {} };
      const ours = compileReading(source, options, true);
      const theirs = compileReading(source, options, false);
      expect(ours, file).toEqual(theirs);
      if (theirs.plan) plans++;
    }
    expect(plans).toBeGreaterThanOrEqual(8);
    // A file with an error the fast reader takes: the same located diagnostic as yaml's reading gives.
    const broken = 'headrace: 1\nname: t\nsteps:\n  a:\n    uses: ingest.nope\n';
    expect(readPlainYaml(broken, OPTIONS)).toBeDefined();
    expect(compile(broken).diagnostics).toEqual(compileReading(broken, {}, false).diagnostics);
    expect(compile(broken).diagnostics[0]).toMatchObject({ line: 5, col: 11 });
  });
});
