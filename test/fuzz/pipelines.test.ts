// 10 000 generated and mutated pipeline documents through parse → check → compile (test/fuzz/pipeline-docs.ts):
// nothing escapes as an exception, every diagnostic lies inside the document it is about, and a document the
// checker passes compiles to a Plan. The seed is fixed so a failure is reproduced by running the file again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPipeline, compile, hasErrors, parsePipeline, type Diagnostic } from '../../dsl';
import { pipelineDocuments, seedSources } from './pipeline-docs';

const SEED = 15_2026;
const DOCUMENTS = 10_000;

/** Why `d` is not inside `source` (1-based line and column, the column at most one past the line's end), or undefined. */
function outside(source: string, d: Diagnostic): string | undefined {
  const lines = source.split('\n');
  const at = (line: number, col: number) => line >= 1 && line <= lines.length && col >= 1 && col <= lines[line - 1].length + 1;
  if (!at(d.line, d.col)) return `starts at ${d.line}:${d.col}`;
  if (!at(d.endLine, d.endCol)) return `ends at ${d.endLine}:${d.endCol}`;
  if (d.endLine < d.line || (d.endLine === d.line && d.endCol < d.col)) return `ends (${d.endLine}:${d.endCol}) before it starts (${d.line}:${d.col})`;
  return undefined;
}

/** A value for each declared parameter without a default, as a run would pass (compile needs one). */
const runParams = (ast: ReturnType<typeof parsePipeline>['ast']) =>
  Object.fromEntries(ast.params.filter((p) => p.default === undefined).map((p) => [p.name, p.type === 'string' ? 'x' : p.type === 'boolean' ? true : 1]));

const shown = (source: string) => JSON.stringify(source.length > 400 ? `${source.slice(0, 400)}…` : source);

describe('pipeline documents, fuzzed', () => {
  it(`${DOCUMENTS} documents: no crash, every diagnostic inside its document, a checked document compiles`, () => {
    const t0 = performance.now();
    const docs = fc.sample(pipelineDocuments(seedSources()), { seed: SEED, numRuns: DOCUMENTS });
    const generated = performance.now() - t0;
    const failures: string[] = [];
    let passed = 0;
    let refused = 0;
    let diagnostics = 0;
    for (const source of docs) {
      try {
        const { ast, diagnostics: syntax } = parsePipeline(source);
        const all = [...syntax, ...checkPipeline(ast)];
        diagnostics += all.length;
        for (const d of all) {
          const why = outside(source, d);
          if (why) failures.push(`diagnostic "${d.message}" ${why}, outside ${shown(source)}`);
        }
        if (hasErrors(all)) {
          refused++;
          continue;
        }
        const { plan, diagnostics: compiled } = compile(source, { params: runParams(ast) });
        if (!plan) failures.push(`checked without errors, compile refused (${compiled.map((d) => d.message).join('; ')}): ${shown(source)}`);
        else passed++;
      } catch (err) {
        failures.push(`crash: ${err instanceof Error ? (err.stack ?? err.message).split('\n').slice(0, 4).join(' | ') : String(err)} on ${shown(source)}`);
      }
    }
    const ms = performance.now() - t0;
    console.log(
      `fuzz pipelines: seed ${SEED}, ${docs.length} documents (generated in ${generated.toFixed(0)} ms), ${passed} passed and compiled, ` +
        `${refused} refused (${diagnostics} diagnostics), ${failures.length} failures (crashes or misplaced diagnostics), ${ms.toFixed(0)} ms`,
    );
    expect(failures.slice(0, 5)).toEqual([]);
    expect(docs).toHaveLength(DOCUMENTS);
    // Both verdicts occur in numbers, or the generator has stopped exercising one side.
    expect(passed).toBeGreaterThan(DOCUMENTS / 50);
    expect(refused).toBeGreaterThan(DOCUMENTS / 2);
  });
});
