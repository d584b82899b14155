// The column names an SQL expression (prepare.filter's `where`, prepare.derive's columns) refers to, found without an
// SQL engine so the checker can run anywhere, the editor included: double-quoted identifiers, and bare words that
// are not keywords, type names, function calls or the field after a dot. It errs on the side of finding fewer: a
// word it is unsure of is left to DuckDB, which names any column it cannot find when the step runs.

export interface ExpressionColumn {
  name: string;
  /** `"Body Mass (g)"` (matched exactly) rather than `species` (matched ignoring case, as DuckDB does). */
  quoted: boolean;
}

/** Words that are never columns in an expression (keywords, literals, niladic functions, type names). */
const NOT_COLUMNS = new Set(
  `and or not is null true false in like ilike glob similar between case when then else end cast try_cast as
  date time timestamp timestamptz interval distinct exists any all some escape collate at zone
  current_date current_time current_timestamp localtime localtimestamp
  boolean bool tinyint smallint integer int bigint hugeint utinyint usmallint uinteger ubigint float real double
  decimal numeric varchar text string char blob uuid json year month day hour minute second millisecond microsecond
  years months days hours minutes seconds asc desc nulls first last over partition by order rows range
  preceding following unbounded current row filter within group`.split(/\s+/).filter(Boolean),
);

export function columnsInExpression(expr: string): ExpressionColumn[] {
  const out: ExpressionColumn[] = [];
  let i = 0;
  let afterAs = false;
  let afterCast = false;
  while (i < expr.length) {
    const ch = expr[i];
    if (ch === "'") {
      // A string literal ('' escapes a quote).
      i++;
      while (i < expr.length && !(expr[i] === "'" && expr[i + 1] !== "'")) i += expr[i] === "'" ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '-' && expr[i + 1] === '-') {
      while (i < expr.length && expr[i] !== '\n') i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let name = '';
      while (j < expr.length) {
        if (expr[j] === '"' && expr[j + 1] === '"') {
          name += '"';
          j += 2;
        } else if (expr[j] === '"') break;
        else name += expr[j++];
      }
      if (!precededByDot(expr, i) && !afterAs && !afterCast) out.push({ name, quoted: true });
      afterAs = afterCast = false;
      i = j + 1;
      continue;
    }
    if (ch === ':' && expr[i + 1] === ':') {
      afterCast = true; // x::DOUBLE: the next word is a type
      i += 2;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9]+)?/.exec(expr.slice(i))!;
      i += m[0].length;
      afterAs = afterCast = false;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < expr.length && /[A-Za-z0-9_$]/.test(expr[j])) j++;
      const word = expr.slice(i, j);
      const lower = word.toLowerCase();
      const isCall = /^\s*\(/.test(expr.slice(j));
      const isColumn = !NOT_COLUMNS.has(lower) && !isCall && !precededByDot(expr, i) && !afterAs && !afterCast && !/^\s*\./.test(expr.slice(j));
      if (isColumn) out.push({ name: word, quoted: false });
      afterAs = lower === 'as';
      afterCast = false;
      i = j;
      continue;
    }
    if (!/\s/.test(ch)) afterAs = afterCast = false;
    i++;
  }
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = `${c.quoted ? 'q' : 'b'}:${c.quoted ? c.name : c.name.toLowerCase()}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function precededByDot(expr: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && /\s/.test(expr[k])) k--;
  return expr[k] === '.';
}
