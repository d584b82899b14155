// One harness for every checker test: a YAML snippet in, exactly these messages at these positions out.
import { expect } from 'vitest';
import { compile, type CompileOptions, type Diagnostic } from '../../dsl';

/** Strip the common indentation of a template literal, so snippets read as the YAML they are. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values).replace(/^\n/, '');
  const indent = Math.min(...text.split('\n').filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return text
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n');
}

/** `[position 'LINE:COL', message substring]`, or with a third element 'warning'. */
export type Expected = [at: string, message: string, severity?: 'warning'];

export function render(d: Diagnostic): string {
  return `${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

export function expectDiagnostics(source: string, expected: Expected[], options: CompileOptions = {}): Diagnostic[] {
  const { diagnostics, plan } = compile(source, options);
  const got = diagnostics.map(render);
  const ok =
    got.length === expected.length &&
    expected.every(([at, message, severity], i) => {
      const d = diagnostics[i];
      return `${d.line}:${d.col}` === at && d.message.includes(message) && d.severity === (severity ?? 'error');
    });
  // Compare as text on failure, so the test output shows both lists side by side.
  if (!ok) expect(got).toEqual(expected.map(([at, m, s]) => `${at}: ${s ?? 'error'}: …${m}…`));
  if (expected.some(([, , s]) => s !== 'warning')) expect(plan).toBeUndefined();
  return diagnostics;
}

/** A small valid pipeline head: an ingest with a known schema (a, b numbers; y string) to build on. */
export const head = yaml`
  headrace: 1
  name: t
  params:
    minAccuracy: { type: number, default: 0.9 }
  steps:
    ingest:
      uses: ingest.csv
      with:
        path: data.csv
        columns: { a: { type: number }, b: { type: number }, y: { type: string } }
`;
// head is 10 lines; a snippet appended to it starts at line 11.

/** `head` plus more steps (written at the left margin; indented here under `steps:`). Starts at line 11. */
export function withSteps(snippet: string): string {
  return head + snippet.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}
