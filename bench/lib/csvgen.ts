// The ingest bench's input: a seeded CSV of N rows × 20 columns (integers, decimals,
// booleans, dates, strings) with ~1 % null cells and ~0.1 % bad cells (half unparseable,
// half out of range). Written once per (seed, rows) under .headrace/bench/ and reused,
// since a million rows take seconds to write and every run must read the same bytes.
// The column list, the declared types and the validation rules live here together so
// both sides of the bench (ours and the pandas + pandera anchor) check the same rules.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ColumnType } from '../../dsl/plan';
import type { CsvIngestConfig } from '../../workers/compute/data/ingest';
import type { ColumnRules, ValidateConfig } from '../../workers/compute/data/validate';
import { mulberry32 } from '../../workers/compute/random';

/** A column of the generated file and its rules (the same on both sides). */
export interface GenColumn {
  name: string;
  type: ColumnType;
  /** Null rule: at most this fraction of rows null (0 = none allowed). */
  nullFraction: number;
  /** Range rule (dates: ms since epoch, like the catalog's `min`/`max`). */
  min?: number;
  max?: number;
}

const DAY = 86_400_000;
const ms = (iso: string): number => Date.parse(iso);

export const COLUMNS: GenColumn[] = [
  { name: 'id', type: 'integer', nullFraction: 0, min: 1 },
  { name: 'customer_id', type: 'integer', nullFraction: 0.05, min: 1, max: 100_000 },
  { name: 'age', type: 'integer', nullFraction: 0.05, min: 0, max: 120 },
  { name: 'visits', type: 'integer', nullFraction: 0.05, min: 0, max: 10_000 },
  { name: 'amount', type: 'number', nullFraction: 0.05, min: 0, max: 10_000 },
  { name: 'score', type: 'number', nullFraction: 0.05, min: 0, max: 1 },
  { name: 'temperature', type: 'number', nullFraction: 0.05, min: -60, max: 60 },
  { name: 'latitude', type: 'number', nullFraction: 0.05, min: -90, max: 90 },
  { name: 'longitude', type: 'number', nullFraction: 0.05, min: -180, max: 180 },
  { name: 'ratio', type: 'number', nullFraction: 0.05, min: 0, max: 100 },
  { name: 'active', type: 'boolean', nullFraction: 0.05 },
  { name: 'premium', type: 'boolean', nullFraction: 0.05 },
  { name: 'churned', type: 'boolean', nullFraction: 0.05 },
  { name: 'signup_date', type: 'date', nullFraction: 0.05, min: ms('2000-01-01T00:00:00Z'), max: ms('2030-01-01T00:00:00Z') },
  { name: 'last_seen', type: 'date', nullFraction: 0.05, min: ms('2000-01-01T00:00:00Z'), max: ms('2030-01-01T00:00:00Z') },
  { name: 'city', type: 'string', nullFraction: 0.05 },
  { name: 'country', type: 'string', nullFraction: 0.05 },
  { name: 'plan', type: 'string', nullFraction: 0.05 },
  { name: 'email', type: 'string', nullFraction: 0.05 },
  { name: 'note', type: 'string', nullFraction: 0.05 },
];

const CITIES = ['Lisbon', 'Porto', 'Madrid', 'Paris', 'Lyon', 'Berlin', 'Munich', 'Vienna', 'Zurich', 'Milan', 'Rome', 'Oslo', 'Bergen', 'Helsinki', 'Tallinn', 'Riga', 'Warsaw', 'Krakow', 'Prague', 'Brno', 'Dublin', 'Cork', 'London', 'Leeds', 'Ghent', 'Antwerp', 'Utrecht', 'Delft', 'Aarhus', 'Malmo', 'São Paulo', 'Zürich', 'Kraków', 'Göteborg', 'Reykjavík'];
const COUNTRIES = ['PT', 'ES', 'FR', 'DE', 'AT', 'CH', 'IT', 'NO', 'FI', 'EE', 'LV', 'PL', 'CZ', 'IE', 'GB', 'BE', 'NL', 'DK', 'SE', 'IS'];
const PLANS = ['free', 'basic', 'pro', 'enterprise'];
const WORDS = ['late', 'payment', 'upgrade', 'called', 'support', 'refund', 'happy', 'moved', 'new', 'card', 'email', 'bounced', 'asked', 'about', 'pricing', 'renewal'];
const NULLS = ['', '', '', 'NA'];
const NULL_RATE = 0.01;
/** Bumped whenever the generator's output changes, so an older file is never reused. */
const FORMAT = 2;
const BAD_RATE = 0.001;

/** Writes one row of cells for row r (1-based); `rand` drives everything, so a seed fixes the file. */
function rowCells(r: number, rand: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const dec = (lo: number, hi: number, digits: number): string => (lo + rand() * (hi - lo)).toFixed(digits);
  const date = (from: string, days: number): string => new Date(ms(from) + int(0, days) * DAY).toISOString().slice(0, 10);
  const cells: string[] = [
    String(r),
    String(int(1, 100_000)),
    String(int(18, 95)),
    String(int(0, 500)),
    dec(0, 5000, 2),
    dec(0, 1, 4),
    dec(-30, 45, 1),
    dec(-90, 90, 5),
    dec(-180, 180, 5),
    dec(0, 100, 3),
    rand() < 0.5 ? 'true' : 'false',
    rand() < 0.2 ? 'true' : 'false',
    rand() < 0.1 ? 'True' : 'False',
    date('2015-01-01T00:00:00Z', 3650),
    new Date(ms('2024-01-01T00:00:00Z') + Math.floor(rand() * 700 * DAY / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    pick(CITIES),
    pick(COUNTRIES),
    pick(PLANS),
    `user${int(1, 999_999)}@example.com`,
    '',
  ];
  // Notes: mostly short words; some need quoting (a delimiter, an escaped quote). No line
  // breaks inside quotes: pandas' pyarrow engine cannot read them (it offers no
  // newlines_in_values), and the anchor must read the same file.
  const k = rand();
  const words = Array.from({ length: int(1, 4) }, () => pick(WORDS)).join(' ');
  cells[19] = k < 0.03 ? `"${words}, then ${pick(WORDS)}"` : k < 0.04 ? `"said ""${words}"""` : words;
  for (let c = 1; c < cells.length; c++) {
    const x = rand();
    if (x < NULL_RATE) cells[c] = pick(NULLS);
    else if (x < NULL_RATE + BAD_RATE) cells[c] = badCell(COLUMNS[c], rand);
  }
  return cells;
}

/** A bad value for a column: half cannot be parsed as its type, half are out of its range. */
function badCell(col: GenColumn, rand: () => number): string {
  const unparseable = rand() < 0.5 || col.min === undefined;
  switch (col.type) {
    case 'integer':
      return unparseable ? (rand() < 0.5 ? 'x' + Math.floor(rand() * 100) : '12.5') : String((col.min ?? 0) - 1 - Math.floor(rand() * 10));
    case 'number':
      return unparseable ? (rand() < 0.5 ? '#VALUE!' : '1.2.3') : String((col.max ?? 0) + 1 + Math.floor(rand() * 100));
    case 'boolean':
      return rand() < 0.5 ? 'maybe' : 'yes?';
    case 'date':
      return unparseable ? (rand() < 0.5 ? '2021-02-30' : 'not a date') : '1999-12-31';
    case 'string':
      return rand() < 0.5 ? '???' : 'n/a?'; // any text is a string: "bad" only to the eye
  }
}

/** Path of the generated file for (seed, rows); written on first use and reused after. */
export function benchCsv(rows: number, seed = 42, dir = resolve('.headrace/bench')): { path: string; bytes: number } {
  const path = join(dir, `ingest-v${FORMAT}-${seed}-${rows}.csv`);
  if (!existsSync(path)) writeCsv(path, rows, seed);
  return { path, bytes: statSync(path).size };
}

function writeCsv(path: string, rows: number, seed: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  const rand = mulberry32(seed);
  let chunk = COLUMNS.map((c) => c.name).join(',') + '\n';
  for (let r = 1; r <= rows; r++) {
    chunk += rowCells(r, rand).join(',') + '\n';
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(tmp, path); // another process sees the whole file or none
}

/** ingest.csv's config for the file: every column's type declared, as a pipeline would. */
export function ingestConfig(): CsvIngestConfig {
  return { columns: Object.fromEntries(COLUMNS.map((c) => [c.name, { type: c.type }])) };
}

/** validate.table's config: the type, null and range rules of every column. */
export function validateConfig(): ValidateConfig {
  const rules = (c: GenColumn): ColumnRules => ({
    type: c.type,
    ...(c.nullFraction === 0 ? { nulls: 0 } : { nullFraction: c.nullFraction }),
    ...(c.min !== undefined ? { min: c.min } : {}),
    ...(c.max !== undefined ? { max: c.max } : {}),
  });
  return { columns: Object.fromEntries(COLUMNS.map((c) => [c.name, rules(c)])) };
}
