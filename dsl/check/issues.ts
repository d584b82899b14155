// zod issues -> diagnostics at the exact node the issue's path leads to, in words a user reads.
import type { z } from 'zod';
import type { Node } from 'yaml';
import { nodeAt } from '../parse/nodes';
import type { Path } from '../parse/templates';
import { didYouMean } from '../suggest';
import type { CheckContext } from './context';

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

/** Unions and nested key/element issues: follow the branch that got furthest. */
function flatten(issue: Issue): Issue {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const typeOnly = issue.errors.every((b) => b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0);
    if (typeOnly) return issue;
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
    return flatten({ ...best[0], path: [...issue.path, ...best[0].path] } as Issue);
  }
  return issue;
}

const depth = (branch: Issue[]) => Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));

/** `step 'a': 'retry.attempts' ` — the subject, then the key the problem is about. */
function where(subject: string, path: Path): string {
  const p = formatPath(path);
  const parts = [subject && `${subject}:`, p && `'${p}'`].filter(Boolean);
  return parts.length > 0 ? `${parts.join(' ')} ` : '';
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${String(seg)}` : String(seg)), '');
}

const nouns: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'a boolean',
  object: 'a map',
  record: 'a map',
  array: 'a list',
  null: 'null',
};

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function problem(issue: Issue): string {
  const got = (input: unknown) => `, got ${describeValue(input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${nouns[issue.expected] ?? issue.expected}${got(issue.input)}`;
    case 'invalid_union': {
      const expected = issue.errors.map((b) => (b[0]?.code === 'invalid_type' ? nouns[b[0].expected] : undefined));
      return `must be ${expected.filter(Boolean).join(' or ')}${got(issue.input)}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      if (issue.origin === 'array') return `must have ${small ? 'at least' : 'at most'} ${bound} item(s)`;
      if (issue.origin === 'string') return `must be ${small ? 'at least' : 'at most'} ${bound} character(s) long`;
      const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      return `must be ${op} ${bound}${got(issue.input)}`;
    }
    case 'invalid_value': {
      // A schema's own message (why a value is refused) says more than the list of allowed ones.
      if (issue.message && !issue.message.startsWith('Invalid')) return issue.message;
      const values = issue.values.map((v) => String(v));
      const input = typeof issue.input === 'string' ? didYouMean(issue.input, values) : '';
      return `must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}${got(issue.input)}${input}`;
    }
    case 'invalid_format':
      return `must be ${issue.message}${got(issue.input)}`;
    default:
      return issue.message;
  }
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
