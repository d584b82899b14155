// Text splices over the original source: the edits change only these ranges, so everything else survives byte for byte.

export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping splices; at one offset, insertions land in the order given, before a replacement there. */
export function applySplices(source: string, splices: readonly Splice[]): string {
  const ordered = splices
    .map((s, i) => ({ s, i }))
    .sort((a, b) => b.s.start - a.s.start || b.s.end - a.s.end || b.i - a.i)
    .map(({ s }) => s);
  let out = source;
  let limit = Infinity;
  for (const s of ordered) {
    if (s.end > limit) throw new Error(`overlapping edits at ${s.start}-${s.end}`);
    out = out.slice(0, s.start) + s.text + out.slice(s.end);
    limit = s.start;
  }
  return out;
}

export function lineStart(src: string, offset: number): number {
  return src.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding the character before `end`, its newline included. */
export function lineEndAfter(src: string, end: number): number {
  if (end > 0 && src[end - 1] === '\n') return end;
  const i = src.indexOf('\n', end);
  return i < 0 ? src.length : i + 1;
}

export function columnOf(src: string, offset: number): number {
  return offset - lineStart(src, offset);
}

/** The start of the line when only indentation (and a `- ` indicator) precedes `offset` on it. */
export function blockStart(src: string, offset: number): number {
  const ls = lineStart(src, offset);
  return /^[ \t]*(?:-[ \t]+)?$/.test(src.slice(ls, offset)) ? ls : offset;
}

/** Lines (relative indentation already in them) placed at column `col`, joined by newlines. */
export function indentLines(lines: readonly string[], col: number): string {
  const pad = ' '.repeat(col);
  return lines.map((l) => pad + l).join('\n');
}

/** An insertion of whole lines at a line start, keeping the file's last-newline convention. */
export function insertLines(src: string, at: number, lines: readonly string[], col: number): Splice {
  const body = indentLines(lines, col);
  if (at >= src.length && src.length > 0 && !src.endsWith('\n')) return { start: at, end: at, text: `\n${body}\n` };
  return { start: at, end: at, text: `${body}\n` };
}
