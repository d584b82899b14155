// `headrace predict ENDPOINT --file rows.json|rows.csv`: sends rows to an endpoint's plain predict route
// (`POST /v1/endpoints/NAME/predict` of a predict server) and prints one prediction per row.
// The predict server is found by --serve-url, else HEADRACE_SERVE_URL, else http://127.0.0.1:8080.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { serverUrl, tokenFor } from '../connect';
import { EXIT, UsageError } from '../exit';
import { bold, dim, table } from '../output';

export const DEFAULT_SERVE_URL = 'http://127.0.0.1:8080';

export type Row = Record<string, string | number | boolean | null>;

/** The predict server's URL: the flag, then HEADRACE_SERVE_URL, then the default. */
export function serveUrl(flag?: string): string {
  return (flag || process.env.HEADRACE_SERVE_URL || DEFAULT_SERVE_URL).replace(/\/+$/, '');
}

/** A CSV cell as JSON: empty → null, a number → number, true/false → boolean, anything else the text. */
function cellValue(cell: string, quoted: boolean): Row[string] {
  if (quoted) return cell;
  const t = cell.trim();
  if (t === '') return null;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return cell;
}

/** RFC 4180 CSV (quotes, doubled quotes, commas and newlines inside quotes, CRLF) → one object per data line. */
export function parseCsvRows(text: string, file = 'the file'): Row[] {
  const records: Array<Array<{ cell: string; quoted: boolean }>> = [];
  let record: Array<{ cell: string; quoted: boolean }> = [];
  let cell = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  const src = text.replace(/^\uFEFF/, '');
  const endCell = () => {
    record.push({ cell, quoted });
    cell = '';
    quoted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      inQuotes = true;
      quoted = true;
      cell = '';
    } else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endCell();
      if (!(record.length === 1 && record[0].cell === '' && !record[0].quoted)) records.push(record);
      record = [];
      line++;
    } else cell += ch;
  }
  if (inQuotes) throw new UsageError(`${file}: a quoted field opened before line ${line} is never closed`);
  if (cell !== '' || quoted || record.length > 0) {
    endCell();
    records.push(record);
  }
  if (records.length === 0) throw new UsageError(`${file} is empty: give a header line of feature names, then one line per row`);
  const header = records[0].map((c) => c.cell.trim());
  const seen = new Set<string>();
  for (const name of header) {
    if (name === '') throw new UsageError(`${file}: the header has an empty column name`);
    if (seen.has(name)) throw new UsageError(`${file}: the header names column "${name}" twice`);
    seen.add(name);
  }
  const rows = records.slice(1).map((r, i) => {
    if (r.length !== header.length) {
      throw new UsageError(`${file}: data line ${i + 1} has ${r.length} fields where the header has ${header.length}`);
    }
    return Object.fromEntries(header.map((name, c) => [name, cellValue(r[c].cell, r[c].quoted)]));
  });
  if (rows.length === 0) throw new UsageError(`${file} has a header but no rows`);
  return rows;
}

/** JSON rows: an array of objects, `{"rows": [...]}`, or one object (one row). */
export function parseJsonRows(text: string, file = 'the file'): Row[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const rows = Array.isArray(doc) ? doc : doc && typeof doc === 'object' && 'rows' in doc ? (doc as { rows: unknown }).rows : [doc];
  if (!Array.isArray(rows)) throw new UsageError(`${file}: "rows" must be an array of objects, one per row`);
  if (rows.length === 0) throw new UsageError(`${file} has no rows`);
  rows.forEach((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r)) {
      throw new UsageError(`${file}: row ${i + 1} is not an object of feature: value (${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r})`);
    }
  });
  return rows as Row[];
}

/** Rows from a .json or .csv file (by its extension; anything else is read as JSON when it starts like JSON). */
export async function readRows(file: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no file ${file}` : `cannot read ${file}: ${(err as Error).message}`);
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return parseCsvRows(text, file);
  if (ext === '.json' || /^\s*[[{]/.test(text)) return parseJsonRows(text, file);
  throw new UsageError(`${file}: give rows as .json (an array of objects, or {"rows": [...]}) or .csv (a header line, then one line per row)`);
}

/** A refusal or failure of the predict server, with the HTTP status it answered. */
export class PredictError extends Error {
  override name = 'PredictError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface PredictAnswer {
  /** A classifier's class and probabilities, or a regressor's value. */
  predictions: Array<{ label: string | number; probabilities?: Record<string, number> } | { value: number }>;
  model: { name: string; version: number };
  requestId: string;
}

/** POSTs `{"rows": rows}` to the endpoint's predict route; a non-2xx answer throws a PredictError with its message. */
export async function predictRows(baseUrl: string, endpoint: string, rows: Row[], token?: string): Promise<PredictAnswer> {
  const url = `${baseUrl}/v1/endpoints/${encodeURIComponent(endpoint)}/predict`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ rows }),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new PredictError(0, `cannot reach the predict server at ${baseUrl}: ${cause?.code ?? cause?.message ?? (err as Error).message} (start it with \`headrace start\`, or give --serve-url or HEADRACE_SERVE_URL)`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = (body as { error?: unknown } | undefined)?.error;
    const message = typeof e === 'string' ? e : typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : text.trim().slice(0, 300) || res.statusText;
    throw new PredictError(res.status, `${endpoint}: ${res.status} ${message}`);
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as PredictAnswer).predictions)) {
    throw new PredictError(res.status, `${url} did not answer predictions (is ${baseUrl} a Headrace predict server?)`);
  }
  return body as PredictAnswer;
}

function topClass(p: Record<string, number> | undefined): string {
  if (!p) return '';
  const [cls, prob] = Object.entries(p).sort((a, b) => b[1] - a[1])[0] ?? [];
  return cls === undefined ? '' : `${(prob * 100).toFixed(1)}%`;
}

export async function predictCommand(endpoint: string, opts: { file: string; serveUrl?: string; token?: string; url?: string; json?: boolean }): Promise<number> {
  const rows = await readRows(opts.file);
  const base = serveUrl(opts.serveUrl);
  // The same tokens as the API: the flag, HEADRACE_TOKEN, or the one `headrace login` stored for the API server.
  const token = tokenFor(serverUrl(opts.url), opts.token);
  let answer: PredictAnswer;
  try {
    answer = await predictRows(base, endpoint, rows, token);
  } catch (err) {
    if (!(err instanceof PredictError)) throw err;
    const exit = err.status === 401 || err.status === 403 ? EXIT.auth : EXIT.usage;
    if (opts.json) console.error(JSON.stringify({ error: { code: err.status === 0 ? 'UNREACHABLE' : `HTTP_${err.status}`, message: err.message, exit } }));
    else console.error(`headrace: ${err.message}`);
    return exit;
  }
  if (opts.json) {
    console.log(JSON.stringify(answer, null, 2));
    return EXIT.ok;
  }
  const regressor = answer.predictions.some((p) => 'value' in p);
  console.log(table(regressor
    ? [['row', 'prediction'], ...answer.predictions.map((p, i) => [String(i + 1), 'value' in p ? String(p.value) : String(p.label)])]
    : [['row', 'prediction', 'probability'], ...answer.predictions.map((p, i) => ('value' in p ? [String(i + 1), String(p.value), ''] : [String(i + 1), String(p.label), topClass(p.probabilities)]))]));
  console.log(dim(`${bold(endpoint)} answered with ${answer.model.name} v${answer.model.version} · request ${answer.requestId}`));
  return EXIT.ok;
}
