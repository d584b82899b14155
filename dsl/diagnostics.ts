// Compiler-grade diagnostics: every message carries the 1-based position of the node it is about.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  endLine: number;
  endCol: number;
  /** Stable machine-readable id of the check, e.g. `unknown-column`. */
  code: string;
}

/** `FILE:LINE:COL: error: MESSAGE`, the format editors and CI annotators understand. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorted by position so a file's messages read top to bottom; stable for equal positions. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.line - b.d.line || a.d.col - b.d.col || a.i - b.i)
    .map(({ d }) => d);
}
