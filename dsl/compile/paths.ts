// Posix path join/normalize (no node:path: dsl/ also runs in the browser and the workflow sandbox).

/** Absolute posix or Windows paths and URLs are kept as they are. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}

export function normalizePath(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (seg === '..' && absolute) continue; // `/..` is `/`
    else out.push(seg);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function joinPath(base: string, p: string): string {
  return normalizePath(`${base}/${p}`);
}

/** `p` resolved against `baseDir` when relative; normalized (URLs and Windows paths untouched). */
export function resolvePath(p: string, baseDir?: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^[A-Za-z]:[\\/]/.test(p)) return p;
  return isAbsolutePath(p) || !baseDir ? normalizePath(p) : joinPath(baseDir, p);
}
