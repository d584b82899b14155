// Splits a pipeline's block `steps:` map into one text chunk per step, so a keystroke re-parses one step, not the file.
// Anything unusual (flow `steps:`, tabs, odd indentation) gives undefined: the caller parses the whole file.

export interface StepChunk {
  /** The step's lines, from its key line to the line before the next step (comments and blank lines included). */
  text: string;
  /** 1-based line of the step's key. */
  line: number;
}

export interface SplitSource {
  /** The file without its `steps:` block (the top-level keys before and after it). */
  rest: string;
  chunks: StepChunk[];
}

const STEPS_LINE = /^steps[ \t]*:[ \t]*(?:#.*)?$/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;

/** The last split: an edit splits the text the projection has just split (callers only read it). */
let last: { source: string; split: SplitSource | undefined } | undefined;

export function splitSteps(source: string): SplitSource | undefined {
  if (last?.source === source) return last.split;
  const split = splitOnce(source);
  last = { source, split };
  return split;
}

function splitOnce(source: string): SplitSource | undefined {
  let pos = 0;
  let line = 1;
  let stepsStart = -1;
  let restTail = source.length;
  let indent = -1;
  const chunks: { start: number; line: number }[] = [];
  while (pos < source.length) {
    const nl = source.indexOf('\n', pos);
    const end = nl < 0 ? source.length : nl;
    const text = source.slice(pos, end);
    if (stepsStart < 0) {
      if (STEPS_LINE.test(text)) stepsStart = pos;
    } else if (!BLANK_OR_COMMENT.test(text)) {
      const n = text.search(/[^ ]/);
      if (n === 0) {
        restTail = pos; // the next top-level key: the steps block ends here
        break;
      }
      if (text[n] === '\t') return undefined;
      if (indent < 0) indent = n;
      if (n < indent) return undefined;
      if (n === indent) {
        if ('-?'.includes(text[n])) return undefined;
        chunks.push({ start: pos, line });
      } else if (chunks.length === 0) return undefined;
    }
    pos = end + 1;
    line++;
  }
  if (stepsStart < 0 || chunks.length === 0) return undefined;
  const blockEnd = restTail;
  return {
    rest: source.slice(0, stepsStart) + source.slice(restTail),
    chunks: chunks.map((c, i) => ({ text: source.slice(c.start, i + 1 < chunks.length ? chunks[i + 1].start : blockEnd), line: c.line })),
  };
}
