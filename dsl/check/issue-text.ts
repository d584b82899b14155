// zod issues in words a user reads: the one place that turns an issue into text. The checker's diagnostics
// (issues.ts) and the editor's config form both speak through it, so zod's own wording ("Invalid input:
// expected string, received null") never reaches a person.
import type { z } from 'zod';
import { didYouMean } from '../suggest';

export type Issue = z.core.$ZodIssue;

/** `retry.attempts`, `approvers[0]`: a path as the YAML spells it. */
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

/** zod's format names that are not already words. */
const formats: Record<string, string> = {
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'an ISO date and time',
  date: 'an ISO date',
  time: 'an ISO time',
  duration: 'an ISO duration',
};

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Unions and nested key/element issues: follow the branch that got furthest. */
export function flattenIssue(issue: Issue): Issue {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const typeOnly = issue.errors.every((b) => b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0);
    if (typeOnly) return issue;
    const best = [...issue.errors].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0];
    return flattenIssue({ ...best[0], path: [...issue.path, ...best[0].path] } as Issue);
  }
  return issue;
}

const depth = (branch: Issue[]) => Math.max(...branch.map((i) => i.path.length + (i.code === 'invalid_type' ? 0 : 0.5)));

/** A message written in a schema (a refine's, a regex's) rather than zod's default English. */
function ownMessage(issue: Issue): string | undefined {
  const m = issue.message;
  return m && !/^(Invalid|Too (big|small)|Unrecognized key)/.test(m) ? m : undefined;
}

/**
 * What is wrong with the value, as the rest of a sentence whose subject is the field: `must be a number, got
 * "abc"`. The checker prefixes the step and the field; `issueSentence` makes a whole sentence of it.
 */
export function issueProblem(issue: Issue): string {
  const got = (input: unknown) => `, got ${describeValue(input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${nouns[issue.expected] ?? issue.expected}${got(issue.input)}`;
    case 'invalid_union': {
      const u = issue as Issue & { options?: unknown[]; inclusive?: boolean };
      // A discriminated union names the values its key may take; an exclusive one can match too many forms.
      if (u.options?.length) return `must be one of ${u.options.map(String).join(', ')}`;
      if (u.inclusive === false) return 'matches more than one of the accepted forms';
      const expected = issue.errors.map((b) => (b[0]?.code === 'invalid_type' ? nouns[b[0].expected] : undefined)).filter(Boolean);
      if (expected.length === 0) return `is none of the accepted forms${got(issue.input)}`;
      return `must be ${expected.join(' or ')}${got(issue.input)}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? issue.minimum : issue.maximum;
      const how = issue.exact ? 'exactly' : small ? 'at least' : 'at most';
      if (issue.origin === 'array' || issue.origin === 'set') return `must have ${how} ${bound} item(s)`;
      if (issue.origin === 'map') return `must have ${how} ${bound} entr${bound === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string') return `must be ${how} ${bound} character(s) long`;
      const op = issue.exact ? '=' : small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
      return `must be ${op} ${bound}${got(issue.input)}`;
    }
    case 'invalid_value': {
      // A schema's own message (why a value is refused) says more than the list of allowed ones.
      const own = ownMessage(issue);
      if (own) return own;
      const values = issue.values.map((v) => String(v));
      const near = typeof issue.input === 'string' ? didYouMean(issue.input, values) : '';
      return `must be ${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}${got(issue.input)}${near}`;
    }
    case 'invalid_format': {
      const own = ownMessage(issue);
      if (own) return `must be ${own}${got(issue.input)}`;
      const f = issue as { format: string; prefix?: string; suffix?: string; includes?: string; pattern?: string };
      if (f.format === 'starts_with') return `must start with "${f.prefix}"${got(issue.input)}`;
      if (f.format === 'ends_with') return `must end with "${f.suffix}"${got(issue.input)}`;
      if (f.format === 'includes') return `must include "${f.includes}"${got(issue.input)}`;
      if (f.format === 'regex') return `must match the pattern ${f.pattern}${got(issue.input)}`;
      return `must be ${formats[f.format] ?? `a valid ${f.format}`}${got(issue.input)}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}${got(issue.input)}`;
    case 'unrecognized_keys':
      return `has unknown key${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_key': {
      // The path ends at the key itself: the sentence's subject is the key.
      const inner = issue.issues[0] as Issue | undefined;
      return `is not an allowed key${inner ? ` (a key ${issueProblem(inner).replace(/, got .*$/, '')})` : ''}`;
    }
    case 'invalid_element': {
      const inner = issue.issues[0] as Issue | undefined;
      return `has an item that is not allowed${inner ? ` (it ${issueProblem(inner).replace(/, got .*$/, '')})` : ''}`;
    }
    case 'custom': {
      // A refine's message is either a sentence ("wait needs exactly one of ...") or what the value must be.
      const own = ownMessage(issue);
      if (!own) return 'is not valid';
      return /^(a|an|one|the|at) /i.test(own) ? `must be ${own}` : own;
    }
    default:
      return 'is not valid';
  }
}

/**
 * One sentence naming the field, for a form that shows it beside the field: `epochs must be an integer, got
 * 1.5.` `field` is the field's name as the user sees it (the issue's path when left out). Issues must come from
 * a parse with `reportInput: true`: without the input, a value given is told apart from a missing one.
 */
export function issueSentence(raw: Issue, field?: string): string {
  const issue = flattenIssue(raw);
  const name = field ?? formatPath(issue.path as PropertyKey[]);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    const one = issue.keys.length === 1;
    return name ? `${name} has no setting${one ? '' : 's'} named ${keys}.` : `${keys} ${one ? 'is not a setting' : 'are not settings'} of this step.`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return name ? `${name} is required.` : 'A value is required.';
  const problem = issueProblem(issue);
  // A refine's own sentence at the top of the config names its fields itself.
  const text = name ? `${name} ${problem}` : issue.code === 'custom' && !problem.startsWith('must ') ? problem : `The value ${problem}`;
  const sentence = text.charAt(0).toUpperCase() === text.charAt(0) || name ? text : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
