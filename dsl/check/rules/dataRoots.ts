// Paths a step reads (its kind's path fields) must lie under one of the data roots the caller names — the
// server's, fixed at its start — so `/etc/passwd` or `../../secrets.csv` is refused at its line, before a run.
// Checked only where the roots are given and the path's folder is known (relative paths need a baseDir).
import { isAbsolutePath, normalizePath, resolvePath } from '../../compile/paths';
import { nodeAt } from '../../parse/nodes';
import type { Rule } from '../rule';

const URL_OR_WINDOWS = /^([a-z][a-z0-9+.-]*:\/\/|[A-Za-z]:[\\/])/i;

/** Whether `path` (absolute, normalized) is `root` or below it. */
export function isUnder(path: string, root: string): boolean {
  const r = normalizePath(root);
  return r === '/' || path === r || path.startsWith(`${r}/`);
}

export const dataRoots: Rule = (ctx) => {
  const roots = ctx.dataRoots;
  if (!roots) return;
  for (const step of ctx.ast.steps) {
    const kind = ctx.kindOf(step);
    const { raw, unresolved } = ctx.config(step);
    const config = raw as Record<string, unknown> | undefined;
    if (!kind || !config || typeof config !== 'object') continue;
    for (const field of kind.pathFields) {
      if (unresolved.some((p) => p[0] === field)) continue; // waits for a parameter value
      const value = config[field];
      if (typeof value !== 'string' || value.trim() === '' || URL_OR_WINDOWS.test(value)) continue;
      const resolved = resolvePath(value, ctx.baseDir);
      if (!isAbsolutePath(resolved)) continue; // no folder to resolve against: the server decides at run time
      if (roots.some((root) => isUnder(resolved, root))) continue;
      const where = resolved === value ? value : `${value} (${resolved})`;
      const allowed = roots.length > 0 ? roots.join(', ') : 'none are configured';
      const msg = `${kind.kind} config: '${field}' reads ${where}, outside the data roots (${allowed}): move the file under one of them, or add its folder to HEADRACE_DATA_ROOTS`;
      ctx.report(nodeAt(step.with?.value, [field], false, ctx.ast.doc).node ?? step.with?.keyNode, msg, 'data-root');
    }
  }
};
