// Cron expressions of `schedule:` triggers, checked field by field so a mistake is reported at its place.
// Accepted (what a Temporal Schedule reads): five fields — minute hour day-of-month month day-of-week — each a
// list of `*`, `N`, `A-B`, with an optional `/STEP`, months JAN–DEC and weekdays SUN–SAT by name; the
// shorthands @yearly @monthly @weekly @daily @hourly; and `@every N(s|m|h|d)` for a fixed interval.
import type { TextSpan } from './when/parse';

export interface CronProblem {
  message: string;
  /** Offsets into the cron text. */
  span: TextSpan;
}

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** The value `names[0]` stands for. */
  namesFrom?: number;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  // 0 and 7 are both Sunday.
  { name: 'day of week', min: 0, max: 7, names: DAYS, namesFrom: 0 },
];

export const CRON_MACROS = ['@yearly', '@monthly', '@weekly', '@daily', '@hourly'] as const;
const EVERY = /^@every\s+(\d+)(s|m|h|d)$/;

/** Problems with a cron expression; empty when it is valid. */
export function checkCron(text: string): CronProblem[] {
  const trimmed = text.trim();
  const lead = text.length - text.trimStart().length;
  if (trimmed.startsWith('@')) return checkMacro(trimmed, lead);
  const parts = [...trimmed.matchAll(/\S+/g)];
  if (parts.length !== 5) {
    const extra = parts.length > 5 ? ' (seconds and years are not used)' : '';
    return [{ message: `a cron expression has 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}${extra}`, span: [0, text.length] }];
  }
  return parts.flatMap((m, i) => checkField(m[0], FIELDS[i], lead + (m.index ?? 0)));
}

function checkMacro(text: string, at: number): CronProblem[] {
  if ((CRON_MACROS as readonly string[]).includes(text)) return [];
  const every = EVERY.exec(text);
  if (every) return Number(every[1]) > 0 ? [] : [{ message: '@every needs an interval above 0', span: [at, at + text.length] }];
  const hint = text.startsWith('@every') ? 'write @every N followed by s, m, h or d, e.g. "@every 15m"' : `use one of ${CRON_MACROS.join(' ')} or "@every 15m"`;
  return [{ message: `unknown cron shorthand '${text}': ${hint}`, span: [at, at + text.length] }];
}

function checkField(text: string, field: Field, at: number): CronProblem[] {
  const problems: CronProblem[] = [];
  let offset = at;
  for (const item of text.split(',')) {
    const problem = checkItem(item, field);
    if (problem) problems.push({ message: `${field.name} '${item || text}': ${problem}`, span: [offset, offset + Math.max(item.length, 1)] });
    offset += item.length + 1;
  }
  return problems;
}

function checkItem(item: string, field: Field): string | undefined {
  if (item === '') return 'an empty list item';
  const [range, step, ...more] = item.split('/');
  if (more.length > 0) return 'at most one /STEP';
  if (step !== undefined && !/^\d+$/.test(step)) return `the step after / must be a whole number, got '${step}'`;
  if (step !== undefined && Number(step) === 0) return 'the step after / must be above 0';
  if (range === '*') return undefined;
  const ends = range.split('-');
  if (ends.length > 2) return `a range is A-B, got '${range}'`;
  const values: number[] = [];
  for (const end of ends) {
    const v = valueOf(end, field);
    if (typeof v === 'string') return v;
    values.push(v);
  }
  if (values.length === 2 && values[0] > values[1]) return `a range runs from low to high, got ${ends[0]}-${ends[1]}`;
  return undefined;
}

function valueOf(text: string, field: Field): number | string {
  const range = `${field.min}-${field.max}`;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n < field.min || n > field.max ? `${n} is out of range (${range})` : n;
  }
  const i = field.names?.indexOf(text.toUpperCase() as never) ?? -1;
  if (i >= 0) return i + (field.namesFrom ?? 0);
  const names = field.names ? ` or a name ${field.names[0]}–${field.names[field.names.length - 1]}` : '';
  return `expected a number ${range}${names}, got '${text}'`;
}

/** Whether the engine knows the IANA time zone (aliases like US/Pacific included). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.trim() !== '';
  } catch {
    // RangeError: the engine does not know the zone; that is the answer, not a failure.
    return false;
  }
}

/** Canonical zone names, for "did you mean"; empty where the engine cannot list them. */
export function timeZoneNames(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return [...(intl.supportedValuesOf?.('timeZone') ?? []), 'UTC'];
}
