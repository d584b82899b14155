// Completion of column names in a step's column fields (`target:`, `features: [`, `columns:` keys, ...), with
// the columns the checker knows arrive on the field's port. Pure: text + offset in, items out.
import { ANY, choiceAt, columnChoicesInSource, type ColumnChoice } from '../../../dsl/check/columnsAt';

export interface ColumnSuggestion {
  /** The column name. */
  label: string;
  /** Its type, e.g. `number`. */
  type: string;
  /** What to insert: the name, quoted when YAML needs it (and followed by `: ` for a map key). */
  insertText: string;
  /** What the typed text is matched against: the scalar as inserted. */
  filterText: string;
  /** Sort key: table order. */
  sortText: string;
}

export interface ColumnCompletion {
  /** Offset where the typed name starts (the range to replace is [replaceStart, offset)). */
  replaceStart: number;
  stepId: string;
  /** Path of the field inside `with:`. */
  path: (string | number)[];
  /** The field, with the upstream reference and the columns that fit it. */
  choice: ColumnChoice;
  items: ColumnSuggestion[];
}

const KEY = /[A-Za-z_][\w-]*/.source;
/** What may be typed of a column name before the cursor: anything but YAML's indicators. */
const TYPED = /(?:["'][^"']*|[^\s:#[\]{},"'][^:#[\]{},]*)?$/;

interface Cursor {
  path: (string | number)[];
  /** The cursor is at a map key (no `:` yet), not a value. */
  atKey: boolean;
  typed: string;
  /** Inside a flow collection (`[...]`, `{...}`): `,` and brackets need quoting too. */
  flow: boolean;
}

/** What to offer at `offset` of `text`, or undefined when the cursor is not in a column field with known columns. */
export function columnCompletion(text: string, offset: number): ColumnCompletion | undefined {
  const cursor = cursorPath(text, offset);
  if (!cursor || cursor.path[0] !== 'steps' || cursor.path[2] !== 'with' || cursor.path.length < 4) return undefined;
  const stepId = String(cursor.path[1]);
  const path = cursor.path.slice(3);
  const fits = (choices: ColumnChoice[]) => {
    const c = choiceAt(choices, path);
    return c && Boolean(c.isKey) === cursor.atKey ? c : undefined;
  };
  let choice = fits(columnChoicesInSource(text, stepId));
  if (choice && !choice.columns) {
    // A half-typed line (`features: [Beak`) may keep the document from parsing: try without it.
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = text.indexOf('\n', offset);
    const without = text.slice(0, lineStart) + text.slice(lineEnd < 0 ? text.length : lineEnd);
    choice = fits(columnChoicesInSource(without, stepId)) ?? choice;
  }
  if (!choice?.columns) return undefined;
  const quote = cursor.typed[0];
  const items = choice.columns.map((c, i) => {
    const scalar =
      quote === '"' ? JSON.stringify(c.name) : quote === "'" ? `'${c.name.replace(/'/g, "''")}'` : yamlScalar(c.name, cursor.flow);
    return {
      label: c.name,
      type: c.type,
      insertText: scalar + (cursor.atKey ? ': ' : ''),
      filterText: scalar,
      sortText: String(i).padStart(4, '0'),
    };
  });
  return { replaceStart: offset - cursor.typed.length, stepId, path, choice, items };
}

/** The key path of the value (or key) being typed at `offset`, from the line and the block keys above it. */
export function cursorPath(text: string, offset: number): Cursor | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let indent: number;
  let head: (string | number)[];
  let atKey = false;
  let flow = false;
  let typed: string;
  let item = false;

  const flowLine = new RegExp(`^(\\s*)(${KEY})\\s*:\\s*([[{].*)$`).exec(before);
  const value = new RegExp(`^(\\s*)(${KEY})\\s*:\\s+(.*)$`).exec(before);
  const seqItem = /^(\s*)-\s+(.*)$/.exec(before);
  const bare = /^(\s*)(.*)$/.exec(before) as RegExpExecArray;
  if (flowLine) {
    const inner = flowPath(flowLine[3]);
    if (!inner) return undefined;
    indent = flowLine[1].length;
    head = [flowLine[2], ...inner.path];
    atKey = inner.atKey;
    typed = inner.typed;
    flow = true;
  } else if (value) {
    if (!TYPED.test(value[3]) || (TYPED.exec(value[3]) as RegExpExecArray)[0] !== value[3]) return undefined;
    indent = value[1].length;
    head = [value[2]];
    typed = value[3];
  } else if (seqItem) {
    if ((TYPED.exec(seqItem[2]) as RegExpExecArray)[0] !== seqItem[2]) return undefined;
    indent = seqItem[1].length;
    head = [ANY];
    typed = seqItem[2];
    item = true;
  } else {
    if ((TYPED.exec(bare[2]) as RegExpExecArray)[0] !== bare[2]) return undefined;
    indent = bare[1].length;
    head = [ANY];
    typed = bare[2];
    atKey = true;
  }

  const parents: string[] = [];
  let end = lineStart - 1;
  while (end > 0 && indent > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const lineIndent = line.length - line.trimStart().length;
    // A block sequence may sit at its key's indent (`features:\n- a`).
    const parentOfItem = item && lineIndent === indent && !/^\s*-(\s|$)/.test(line);
    if (lineIndent >= indent && !parentOfItem) continue;
    const key = new RegExp(`^\\s*(${KEY})\\s*:\\s*(#.*)?$`).exec(line);
    if (!key) return undefined;
    parents.unshift(key[1]);
    indent = lineIndent;
    item = false;
  }
  return { path: [...parents, ...head], atKey, typed, flow };
}

/** Inside a one-line flow collection (`{ columns: [a, b`): the path to the cursor and what is typed there. */
function flowPath(rest: string): { path: (string | number)[]; atKey: boolean; typed: string } | undefined {
  const stack: { kind: 'map' | 'seq'; key?: string; afterColon: boolean }[] = [];
  let token = '';
  let quote: string | undefined;
  for (const ch of rest) {
    if (quote) {
      token += ch;
      if (ch === quote) quote = undefined;
      continue;
    }
    const top = stack[stack.length - 1];
    if (ch === '"' || ch === "'") {
      quote = ch;
      token += ch;
    } else if (ch === '{' || ch === '[') {
      stack.push({ kind: ch === '{' ? 'map' : 'seq', afterColon: false });
      token = '';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      token = '';
      if (!stack.length) return undefined; // the collection is closed: the cursor is past it
    } else if (ch === ',') {
      if (top?.kind === 'map') top.afterColon = false;
      token = '';
    } else if (ch === ':' && top?.kind === 'map' && !top.afterColon) {
      top.key = token.trim();
      top.afterColon = true;
      token = '';
    } else token += ch;
  }
  if (!stack.length) return undefined;
  const path: (string | number)[] = [];
  for (const level of stack.slice(0, -1)) path.push(level.kind === 'seq' ? ANY : (level.key ?? ''));
  const top = stack[stack.length - 1];
  const typed = token.trimStart();
  if (top.kind === 'seq') return { path: [...path, ANY], atKey: false, typed };
  if (top.afterColon) return { path: [...path, top.key ?? ''], atKey: false, typed };
  return { path: [...path, ANY], atKey: true, typed };
}

const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** `name` as a YAML scalar: plain when it reads back as the same string, double-quoted otherwise. */
export function yamlScalar(name: string, flow: boolean): string {
  const plain =
    /^[A-Za-z_(][^:#"'`]*$/.test(name) &&
    !/\s$/.test(name) &&
    !RESERVED.test(name) &&
    !(flow && /[[\]{},]/.test(name));
  return plain ? name : JSON.stringify(name);
}
