// File ingestion is confined to the data roots the platform was configured with (never to folders a
// request names). Symlinks are resolved first, so a link inside a root that points outside it is refused
// like a `../` path. A relative path (a pipeline saved without a folder, e.g. from the browser editor) is
// looked up under each root in order.
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export class ConfinementError extends Error {
  override name = 'ConfinementError';
}

/** Returns the real path of `filePath` when it lies inside one of `roots`; throws otherwise. */
export function assertInsideRoots(filePath: string, roots: string[]): string {
  if (roots.length === 0) throw new ConfinementError(`refusing to read ${filePath}: no data roots are configured`);
  if (!isAbsolute(filePath)) {
    const found = roots.map((root) => resolve(root, filePath)).find((p) => existsSync(p));
    if (!found) throw new ConfinementError(`cannot read ${filePath}: no such file under the data roots [${roots.join(', ')}]`);
    filePath = found;
  }
  let real: string;
  try {
    real = realpathSync(resolve(filePath));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfinementError(`cannot read ${filePath}: ${code === 'ENOENT' ? 'no such file' : String(err)}`);
  }
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = realpathSync(resolve(root));
    } catch {
      continue; // a missing root contains nothing
    }
    const rel = relative(realRoot, real);
    const escapes = rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
    if (!escapes) return real;
  }
  const shown = real === resolve(filePath) ? filePath : `${filePath} (resolves to ${real})`;
  throw new ConfinementError(`refusing to read ${shown}: it is outside the allowed data roots [${roots.join(', ')}]`);
}
