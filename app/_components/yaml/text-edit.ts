// Pure text helpers of the YAML pane: the smallest single edit turning one text into another.

export interface TextEdit {
  /** Offset (UTF-16 code units) where the replaced range starts in the old text. */
  start: number;
  /** Offset where it ends in the old text (exclusive). */
  end: number;
  text: string;
}

/** The minimal single edit from `from` to `to` (common prefix and suffix kept); undefined when they are equal. */
export function minimalEdit(from: string, to: string): TextEdit | undefined {
  if (from === to) return undefined;
  const max = Math.min(from.length, to.length);
  let prefix = 0;
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  // Do not split a surrogate pair.
  if (prefix > 0 && isHighSurrogate(from.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  const maxSuffix = max - prefix;
  while (
    suffix < maxSuffix &&
    from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)
  ) suffix++;
  if (suffix > 0 && isLowSurrogate(from.charCodeAt(from.length - suffix))) suffix--;
  return { start: prefix, end: from.length - suffix, text: to.slice(prefix, to.length - suffix) };
}

/** Applies an edit to a text (what Monaco does to its model). */
export function applyTextEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.start) + edit.text + text.slice(edit.end);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
