// `when:` text -> a syntax tree with offsets into the text, so the checker can point inside the value.
// The grammar (docs/language.md), loosest first:
//   or      := and ('||' and)*
//   and     := compare ('&&' compare)*
//   compare := unary (('==' | '!=' | '<' | '<=' | '>' | '>=') unary)?
//   unary   := '!' unary | primary
//   primary := '(' or ')' | NUMBER | 'text' | "text" | true | false | null | ${{ REF }}
//   REF     := params.NAME | steps.ID.metrics.NAME | steps.ID.state
// Nothing in it is ever run as code.

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** [start, end) offsets into the `when:` text. */
export type TextSpan = readonly [number, number];

export type WhenNode = { span: TextSpan } & (
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'param'; name: string }
  | { kind: 'metric'; step: string; metric: string; stepSpan: TextSpan; metricSpan: TextSpan }
  | { kind: 'state'; step: string; stepSpan: TextSpan }
  | { kind: 'not'; arg: WhenNode }
  | { kind: 'and' | 'or'; left: WhenNode; right: WhenNode }
  | { kind: 'compare'; op: CompareOp; left: WhenNode; right: WhenNode; opSpan: TextSpan }
);

export interface WhenSyntaxError {
  message: string;
  span: TextSpan;
}

export type ParsedWhen = { ok: true; node: WhenNode } | { ok: false; error: WhenSyntaxError };

type Token =
  | { t: 'num'; value: number; span: TextSpan }
  | { t: 'str'; value: string; span: TextSpan }
  | { t: 'word'; value: string; span: TextSpan }
  | { t: 'ref'; body: string; bodyStart: number; span: TextSpan }
  | { t: 'op'; value: string; span: TextSpan }
  | { t: 'end'; span: TextSpan };

class WhenError extends Error {
  constructor(
    message: string,
    readonly span: TextSpan,
  ) {
    super(message);
  }
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')'];
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/;
const WORD = /^[A-Za-z_][A-Za-z0-9_.-]*/;
const PARAM_REF = /^params\.([A-Za-z_][A-Za-z0-9_]*)$/;
const METRIC_REF = /^steps\.([a-z][a-z0-9_-]*)\.metrics\.([A-Za-z_][A-Za-z0-9_]*)$/;
const STATE_REF = /^steps\.([a-z][a-z0-9_-]*)\.state$/;
/** Words people write for the operators, and what to write instead. */
const WORD_OPS: Record<string, string> = { and: '&&', or: '||', not: '!' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    if (rest.startsWith('${{')) {
      const close = text.indexOf('}}', i + 3);
      if (close < 0) throw new WhenError("'${{' without its closing '}}'", [i, text.length]);
      tokens.push({ t: 'ref', body: text.slice(i + 3, close), bodyStart: i + 3, span: [i, close + 2] });
      i = close + 2;
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
      }
      if (j >= text.length) throw new WhenError(`text starting here has no closing ${c}`, [i, text.length]);
      tokens.push({ t: 'str', value, span: [i, j + 1] });
      i = j + 1;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num && (c !== '-' || /\d|\./.test(rest[1] ?? ''))) {
      tokens.push({ t: 'num', value: Number(num[0]), span: [i, i + num[0].length] });
      i += num[0].length;
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      tokens.push({ t: 'op', value: op, span: [i, i + op.length] });
      i += op.length;
      continue;
    }
    if (c === '=') throw new WhenError("'=' assigns nothing here: compare with '=='", [i, i + 1]);
    if (c === '&' || c === '|') throw new WhenError(`'${c}' alone is not an operator: write '${c}${c}'`, [i, i + 1]);
    const word = WORD.exec(rest);
    if (word) {
      tokens.push({ t: 'word', value: word[0], span: [i, i + word[0].length] });
      i += word[0].length;
      continue;
    }
    throw new WhenError(`unexpected '${c}'`, [i, i + 1]);
  }
  tokens.push({ t: 'end', span: [text.length, text.length] });
  return tokens;
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.value === value;
  }

  parse(): WhenNode {
    const node = this.or();
    const t = this.peek();
    if (t.t !== 'end') throw unexpected(t, 'expected an operator (== != < <= > >= && ||) or the end');
    return node;
  }

  private or(): WhenNode {
    let left = this.and();
    while (this.isOp('||')) {
      this.pos++;
      const right = this.and();
      left = { kind: 'or', left, right, span: [left.span[0], right.span[1]] };
    }
    return left;
  }

  private and(): WhenNode {
    let left = this.compare();
    while (this.isOp('&&')) {
      this.pos++;
      const right = this.compare();
      left = { kind: 'and', left, right, span: [left.span[0], right.span[1]] };
    }
    return left;
  }

  private compare(): WhenNode {
    const left = this.unary();
    const t = this.peek();
    if (t.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.value)) {
      this.pos++;
      const right = this.unary();
      const next = this.peek();
      if (next.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(next.value)) {
        throw new WhenError(`comparisons do not chain: join them with && (a < b && b < c)`, next.span);
      }
      return { kind: 'compare', op: t.value as CompareOp, left, right, opSpan: t.span, span: [left.span[0], right.span[1]] };
    }
    return left;
  }

  private unary(): WhenNode {
    const t = this.peek();
    if (t.t === 'op' && t.value === '!') {
      this.pos++;
      const arg = this.unary();
      return { kind: 'not', arg, span: [t.span[0], arg.span[1]] };
    }
    return this.primary();
  }

  private primary(): WhenNode {
    const t = this.peek();
    this.pos++;
    switch (t.t) {
      case 'num':
      case 'str':
        return { kind: 'literal', value: t.value, span: t.span };
      case 'ref':
        return reference(t);
      case 'word':
        return word(t);
      case 'op':
        if (t.value === '(') {
          const inner = this.or();
          const close = this.peek();
          if (close.t !== 'op' || close.value !== ')') throw unexpected(close, `expected ')' to close the '(' at column ${t.span[0] + 1} of the condition`);
          this.pos++;
          return { ...inner, span: [t.span[0], close.span[1]] };
        }
        throw new WhenError(`unexpected ${describe(t)}: expected a value, \${{ … }} or '('`, t.span);
      case 'end':
        throw new WhenError('the condition ends too early: expected a value, ${{ … }} or \'(\'', t.span);
    }
  }
}

/** The error for a token that cannot come here; words written for operators get their own hint. */
function unexpected(t: Token, expected: string): WhenError {
  if (t.t === 'word' && WORD_OPS[t.value]) return new WhenError(`'${t.value}' is not an operator: write '${WORD_OPS[t.value]}'`, t.span);
  if (t.t === 'end') return new WhenError(`the condition ends too early: ${expected}`, t.span);
  return new WhenError(`unexpected ${describe(t)}: ${expected}`, t.span);
}

function describe(t: Token): string {
  if (t.t === 'end') return 'end of the condition';
  if (t.t === 'ref') return `'\${{${t.body}}}'`;
  if (t.t === 'str') return `text '${t.value}'`;
  return `'${t.value}'`;
}

function word(t: Extract<Token, { t: 'word' }>): WhenNode {
  if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true', span: t.span };
  if (t.value === 'null') return { kind: 'literal', value: null, span: t.span };
  if (WORD_OPS[t.value]) throw new WhenError(`'${t.value}' is not an operator: write '${WORD_OPS[t.value]}'`, t.span);
  if (PARAM_REF.test(t.value) || METRIC_REF.test(t.value) || STATE_REF.test(t.value) || /^(params|steps)\./.test(t.value)) {
    throw new WhenError(`'${t.value}' is not evaluated: write \${{ ${t.value} }}`, t.span);
  }
  throw new WhenError(`unknown word '${t.value}': quote text ('${t.value}'), or write \${{ steps.ID.state }}, \${{ steps.ID.metrics.NAME }} or \${{ params.NAME }}`, t.span);
}

function reference(t: Extract<Token, { t: 'ref' }>): WhenNode {
  const lead = t.body.length - t.body.trimStart().length;
  const body = t.body.trim();
  const start = t.bodyStart + lead;
  const param = PARAM_REF.exec(body);
  if (param) return { kind: 'param', name: param[1], span: t.span };
  const metric = METRIC_REF.exec(body);
  if (metric) {
    const stepStart = start + 'steps.'.length;
    const metricStart = stepStart + metric[1].length + '.metrics.'.length;
    return {
      kind: 'metric',
      step: metric[1],
      metric: metric[2],
      stepSpan: [stepStart, stepStart + metric[1].length],
      metricSpan: [metricStart, metricStart + metric[2].length],
      span: t.span,
    };
  }
  const state = STATE_REF.exec(body);
  if (state) {
    const stepStart = start + 'steps.'.length;
    return { kind: 'state', step: state[1], stepSpan: [stepStart, stepStart + state[1].length], span: t.span };
  }
  const hint = /^steps\.[^.]+\.[^.]+$/.test(body) || /^steps\.[^.]+\.outputs?\./.test(body)
    ? ': a step gives .state or .metrics.NAME'
    : ': expected params.NAME, steps.ID.metrics.NAME or steps.ID.state';
  return fail(`unsupported expression '\${{ ${body} }}'${hint}`, t.span);
}

function fail(message: string, span: TextSpan): never {
  throw new WhenError(message, span);
}

export function parseWhen(text: string): ParsedWhen {
  try {
    return { ok: true, node: new Parser(tokenize(text)).parse() };
  } catch (e) {
    if (e instanceof WhenError) return { ok: false, error: { message: e.message, span: e.span } };
    throw e;
  }
}
