// Monitor files (`*.monitor.yaml`): source text -> a checked MonitorSpec, or diagnostics at the exact line and column
// of what is wrong, worded as the pipeline checker words its own (check/issue-text.ts). Also the JSON Schema of
// the file for editors (headrace.monitor.schema.json). Pure: the CLI, the API and the web app all read these.
import { isMap, LineCounter, type Node } from 'yaml';
import { z } from 'zod';
import { flattenIssue, formatPath, issueProblem, type Issue } from './check/issue-text';
import type { Diagnostic } from './diagnostics';
import { MonitorSpec } from './monitor';
import { reportDuplicateKeys } from './parse/duplicateKeys';
import { nodeAt } from './parse/nodes';
import { diagnosticAt, spanOf } from './parse/positions';
import { LIMIT_CODE, readYaml } from './parse/yaml';
import { didYouMean } from './suggest';

/** A folder holds monitors in files named `monitor.yaml` or `*.monitor.yaml`. */
export const isMonitorFileName = (name: string) => name === 'monitor.yaml' || name.endsWith('.monitor.yaml');

export interface MonitorParse {
  /** The checked spec, defaults applied; present only without errors. */
  spec?: MonitorSpec;
  /** The endpoint the file names (`monitor:`), when readable, even if the file has other errors. */
  endpoint?: string;
  diagnostics: Diagnostic[];
}

const CODE = 'monitor-spec';

/** Parses and checks a monitor file. Every problem is a diagnostic; nothing throws. */
export function parseMonitor(source: string): MonitorParse {
  const lineCounter = new LineCounter();
  const { doc, refused } = readYaml(source, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true });
  if (!refused) reportDuplicateKeys(doc);
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const message = e.code === 'DUPLICATE_KEY' ? `duplicate key '${source.slice(e.pos[0]).split(/[:\n]/, 1)[0].trim()}'` : e.message;
    diagnostics.push(diagnosticAt(lineCounter, e.pos, message, e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : e.code === LIMIT_CODE ? 'limit' : 'yaml-syntax'));
  }
  if (diagnostics.length > 0) return { diagnostics };
  const root = doc.contents as Node | null;
  // readYaml has bounded the aliases: yaml's own count would refuse an anchor used 100 times.
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  const endpoint = isMap(root) && value && typeof value === 'object' && typeof (value as { monitor?: unknown }).monitor === 'string'
    ? (value as { monitor: string }).monitor
    : undefined;
  if (!isMap(root)) {
    const what = root ? 'this document is not a map' : 'the file is empty';
    diagnostics.push(diagnosticAt(lineCounter, [0, 0], `${what}: a monitor is a map with at least \`monitor: ENDPOINT\``, 'structure'));
    return { diagnostics };
  }
  const parsed = MonitorSpec.safeParse(value, { reportInput: true });
  if (parsed.success) return { spec: parsed.data, endpoint, diagnostics };
  for (const raw of parsed.error.issues) {
    const issue = flattenIssue(raw as Issue);
    const path = issue.path as PropertyKey[];
    const report = (node: Node | null | undefined, message: string) =>
      diagnostics.push(diagnosticAt(lineCounter, spanOf(node ?? root), message, CODE));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const { node } = nodeAt(root, [...path, key], true, doc);
        report(node, `${where(path)}unknown key '${key}'${didYouMean(key, keysAt(path))}`);
      }
      continue;
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      const parent = nodeAt(root, path.slice(0, -1), false, doc);
      report(parent.keyNode ?? root, `missing required key '${formatPath(path)}'`);
      continue;
    }
    const found = nodeAt(root, path, false, doc);
    const node = found.complete ? found.node : (found.keyNode ?? root);
    // A refine's message is a sentence of its own ("a bound needs min or max").
    const problem = issue.code === 'custom' ? `: ${issue.message}` : ` ${issueProblem(issue)}`;
    report(node, `${path.length > 0 ? `'${formatPath(path)}'` : 'the monitor'}${problem}`);
  }
  return { endpoint, diagnostics: dedupe(diagnostics) };
}

function where(path: readonly PropertyKey[]): string {
  return path.length > 0 ? `'${formatPath(path)}': ` : '';
}

/** Keys the spec accepts at a path (the top level, a threshold map, a quality or health block), for "did you mean". */
function keysAt(path: readonly PropertyKey[]): string[] {
  const top = Object.keys(MonitorSpec.shape);
  const thresholds = ['psi', 'js', 'ksPValue', 'chi2PValue'];
  const [first] = path;
  if (path.length === 0) return top;
  if (first === 'features' && path.length === 2) return thresholds;
  if (first === 'prediction') return thresholds;
  if (first === 'drift') return ['share', 'severity'];
  if (first === 'quality') return path.length === 1 ? ['minLabelled', 'accuracy', 'f1Macro', 'logLoss', 'rmse', 'mae'] : ['min', 'max', 'severity'];
  if (first === 'health') return path.length === 1 ? ['errorRate', 'p99Ms', 'requests'] : ['min', 'max', 'severity'];
  if (first === 'window') return ['predictions'];
  return [];
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds
    .filter((d) => {
      const k = `${d.line}:${d.col}:${d.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

/** JSON Schema of a monitor file, for editors (the same text is checked in as headrace.monitor.schema.json). */
export function monitorJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(MonitorSpec, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://headrace.dev/schema/monitor-v1.json',
    title: 'Headrace monitor (v1)',
    ...rest,
  };
}
