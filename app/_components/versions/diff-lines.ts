// A unified diff split into typed lines for display.

export type DiffLineKind = 'file' | 'hunk' | 'add' | 'del' | 'context' | 'meta';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

export function diffLines(unified: string): DiffLine[] {
  const lines = unified.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((text) => {
    if (text.startsWith('===') || text.startsWith('--- ') || text.startsWith('+++ ')) return { kind: 'file', text };
    if (text.startsWith('@@')) return { kind: 'hunk', text };
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'del', text };
    if (text.startsWith('\\')) return { kind: 'meta', text };
    return { kind: 'context', text };
  });
}

/** Whether the diff has any changed line (a diff of equal sources has headers only). */
export function hasChanges(lines: DiffLine[]): boolean {
  return lines.some((l) => l.kind === 'add' || l.kind === 'del');
}
