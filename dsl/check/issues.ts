// zod issues -> diagnostics at the exact node the issue's path leads to, in words a user reads (issue-text.ts).
import type { z } from 'zod';
import type { Node } from 'yaml';
import { nodeAt } from '../parse/nodes';
import type { Path } from '../parse/templates';
import { didYouMean } from '../suggest';
import type { CheckContext } from './context';
import { flattenIssue as flatten, formatPath, issueProblem as problem } from './issue-text';

export { describeValue, formatPath } from './issue-text';

type Issue = z.core.$ZodIssue;

export interface IssueTarget {
  /** Node the issue paths are relative to (null when the YAML value is empty). */
  root: Node | null | undefined;
  /** Where to point when the path leads nowhere (e.g. the whole `with:` is missing). */
  fallback: Node | null | undefined;
  /** Message prefix, e.g. `train.logistic config`. */
  subject: string;
  schema: z.ZodType;
  code: string;
  /** Paths to leave alone (values waiting for a parameter, or reported by another rule). */
  skip?: (issue: Issue, path: Path) => boolean;
}

export function reportIssues(ctx: CheckContext, issues: readonly Issue[], target: IssueTarget): void {
  for (const issue of issues) {
    const flat = flatten(issue);
    const path = flat.path as Path;
    if (target.skip?.(flat, path)) continue;
    if (flat.code === 'unrecognized_keys') {
      const known = keysAt(target.schema, path);
      for (const key of flat.keys) {
        const { node } = nodeAt(target.root, [...path, key], true, ctx.ast.doc);
        ctx.report(node ?? target.fallback, `${where(target.subject, path)}unknown key '${key}'${didYouMean(key, known)}`, target.code);
      }
      continue;
    }
    const missing = flat.code === 'invalid_type' && flat.input === undefined;
    const found = nodeAt(target.root, path, false, ctx.ast.doc);
    let node = found.complete ? found.node : (found.keyNode ?? target.fallback);
    if (missing) {
      node = nodeAt(target.root, path.slice(0, -1), false, ctx.ast.doc).keyNode ?? target.fallback;
      ctx.report(node, `${where(target.subject, [])}missing required key '${formatPath(path)}'`, target.code);
      continue;
    }
    ctx.report(node ?? target.fallback, `${where(target.subject, path)}${problem(flat)}`, target.code);
  }
}

/** `step 'a': 'retry.attempts' ` — the subject, then the key the problem is about. */
function where(subject: string, path: Path): string {
  const p = formatPath(path);
  const parts = [subject && `${subject}:`, p && `'${p}'`].filter(Boolean);
  return parts.length > 0 ? `${parts.join(' ')} ` : '';
}

/** Keys an object schema accepts at a path, for "did you mean" on unknown keys. */
function keysAt(schema: z.ZodType, path: Path): string[] {
  let s: unknown = schema;
  const unwrap = () => {
    for (let def = defOf(s); def && ['optional', 'nullable', 'default', 'prefault', 'pipe'].includes(def.type); def = defOf(s)) {
      s = def.type === 'pipe' ? def.in : def.innerType;
    }
  };
  for (const seg of path) {
    unwrap();
    const def = defOf(s);
    if (def?.type === 'object') s = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def?.type === 'record') s = def.valueType;
    else if (def?.type === 'array') s = def.element;
    else return [];
  }
  unwrap();
  const def = defOf(s);
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

function defOf(s: unknown): Record<string, any> | undefined {
  return (s as { _zod?: { def: Record<string, any> } } | undefined)?._zod?.def;
}
