// The data roots as the browser sees them: a path a request names is used only when its real path (links
// resolved) lies inside one of the roots the server was started with, as ingestion itself requires.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ServiceError } from '../services/errors';

/** Whether `path` is `root` or below it (both real, absolute). */
export function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || !(rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel));
}

/** The real path of each root that exists (a missing root contains nothing). */
export function realRoots(roots: readonly string[]): Array<{ root: string; real: string | null }> {
  return roots.map((root) => {
    try {
      return { root, real: realpathSync(resolve(root)) };
    } catch {
      return { root, real: null };
    }
  });
}

/** The real path of `path` when it lies inside one of `roots`; a NOT_FOUND or FORBIDDEN service error otherwise. */
export function confined(path: string, roots: readonly string[]): string {
  if (!isAbsolute(path)) throw new ServiceError('BAD_REQUEST', `path must be absolute: ${path}`);
  let real: string;
  try {
    real = realpathSync(resolve(path));
  } catch {
    throw new ServiceError('NOT_FOUND', `no such file or folder: ${path}`);
  }
  if (realRoots(roots).some((r) => r.real !== null && isInside(real, r.real))) return real;
  throw new ServiceError('FORBIDDEN', `${path} is outside the data roots [${roots.join(', ')}]`);
}
