// Content-addressed artifact store. Artifacts are immutable and named by the sha256 of
// their bytes, so writing the same bytes twice is a no-op and activities stay idempotent
// when Temporal retries them. URIs are `artifact://sha256/<hash><ext>`: location-free, so
// the same reference resolves on a local store or an S3-compatible one (same interface).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export interface PutResult {
  /** sha256 hex of the bytes. */
  hash: string;
  /** `artifact://sha256/<hash><ext>` */
  uri: string;
  size: number;
}

export interface ArtifactStore {
  /** Several parts are stored as their concatenation (no joined copy is made). */
  put(bytes: Uint8Array | readonly Uint8Array[], ext?: string): Promise<PutResult>;
  /** Accepts an `artifact://` uri or a bare hash (any extension). */
  get(uriOrHash: string): Promise<Uint8Array>;
  /** Local file path of an artifact (for tools that need a file, e.g. onnxruntime). */
  path(hash: string, ext?: string): Promise<string>;
  has(hash: string): Promise<boolean>;
  /** Every stored artifact (for `headrace gc`), in no particular order. */
  list(): AsyncIterable<StoredArtifact>;
  /** Removes one artifact (`ext` as it was put); removing one that is not there is not an error. */
  delete(hash: string, ext: string): Promise<void>;
}

/** One stored artifact as `list()` reports it. */
export interface StoredArtifact {
  hash: string;
  ext: string;
  uri: string;
  size: number;
  /** When it was written (a local file's mtime, an object's LastModified). */
  modified: Date;
}

export const ARTIFACT_URI_PREFIX = 'artifact://sha256/';
export const DEFAULT_ARTIFACT_ROOT = '.headrace/artifacts';
export const HASH_RE = /^[0-9a-f]{64}$/;
export const EXT_RE = /^(\.[A-Za-z0-9_-]{1,16})*$/;

export function sha256Hex(bytes: Uint8Array | readonly Uint8Array[]): string {
  const h = createHash('sha256');
  for (const part of bytes instanceof Uint8Array ? [bytes] : bytes) h.update(part);
  return h.digest('hex');
}

export function artifactUri(hash: string, ext = ''): string {
  return `${ARTIFACT_URI_PREFIX}${hash}${ext}`;
}

/** Splits an `artifact://sha256/<hash><ext>` uri or a bare hash into its parts. */
export function parseArtifactUri(uriOrHash: string): { hash: string; ext?: string } {
  const rest = uriOrHash.startsWith(ARTIFACT_URI_PREFIX) ? uriOrHash.slice(ARTIFACT_URI_PREFIX.length) : uriOrHash;
  const hash = rest.slice(0, 64);
  const ext = rest.slice(64);
  if (!HASH_RE.test(hash) || !EXT_RE.test(ext)) throw new Error(`not an artifact reference: ${JSON.stringify(uriOrHash)}`);
  // A bare hash carries no extension: look the file up; a uri names it exactly.
  return uriOrHash.startsWith(ARTIFACT_URI_PREFIX) ? { hash, ext } : { hash };
}

export function checkExt(ext: string): void {
  if (!EXT_RE.test(ext)) throw new Error(`bad artifact extension ${JSON.stringify(ext)} (expected e.g. ".arrow")`);
}

export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(root: string = DEFAULT_ARTIFACT_ROOT) {
    this.root = resolve(root);
  }

  private dir(hash: string): string {
    return join(this.root, 'sha256', hash.slice(0, 2));
  }

  async put(bytes: Uint8Array | readonly Uint8Array[], ext = ''): Promise<PutResult> {
    checkExt(ext);
    const hash = sha256Hex(bytes);
    const dir = this.dir(hash);
    const final = join(dir, hash + ext);
    const size = bytes instanceof Uint8Array ? bytes.byteLength : bytes.reduce((n, p) => n + p.byteLength, 0);
    const result = { hash, uri: artifactUri(hash, ext), size };
    if (await exists(final)) return result; // content-addressed: never rewrite
    await mkdir(dir, { recursive: true });
    // Temp file in the same directory so rename is atomic (same filesystem); readers
    // never see a half-written artifact, and a crash leaves only a `.tmp-` file.
    const tmp = join(dir, `.tmp-${hash.slice(0, 8)}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(tmp, bytes, { flag: 'wx' });
      await rename(tmp, final);
    } catch (err) {
      // The write's error is the one to report; a temp file that cannot be removed is only worth a line.
      await unlink(tmp).catch((cleanup: NodeJS.ErrnoException) => {
        if (cleanup.code !== 'ENOENT') console.warn(`artifact store: could not remove ${tmp}: ${cleanup.message}`);
      });
      throw err;
    }
    return result;
  }

  async get(uriOrHash: string): Promise<Uint8Array> {
    const { hash, ext } = parseArtifactUri(uriOrHash);
    const file = ext !== undefined ? join(this.dir(hash), hash + ext) : await this.find(hash);
    if (!file) throw new Error(`artifact ${hash} not found in ${this.root}`);
    try {
      const buf = await readFile(file);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`artifact ${uriOrHash} not found in ${this.root}`, { cause: err });
      throw err;
    }
  }

  async path(hash: string, ext?: string): Promise<string> {
    if (!HASH_RE.test(hash)) throw new Error(`not an artifact hash: ${JSON.stringify(hash)}`);
    if (ext !== undefined) {
      checkExt(ext);
      return join(this.dir(hash), hash + ext);
    }
    return (await this.find(hash)) ?? join(this.dir(hash), hash);
  }

  async has(hash: string): Promise<boolean> {
    if (!HASH_RE.test(hash)) return false;
    return (await this.find(hash)) !== undefined;
  }

  async *list(): AsyncIterable<StoredArtifact> {
    const top = join(this.root, 'sha256');
    let dirs: string[];
    try {
      dirs = await readdir(top);
    } catch {
      return; // nothing stored yet
    }
    for (const d of dirs.sort()) {
      if (!/^[0-9a-f]{2}$/.test(d)) continue;
      for (const name of (await readdir(join(top, d))).sort()) {
        const hash = name.slice(0, 64);
        const ext = name.slice(64);
        // `.tmp-` files of a put in progress (or one that crashed) are not artifacts.
        if (!HASH_RE.test(hash) || hash.slice(0, 2) !== d || !EXT_RE.test(ext)) continue;
        const s = await stat(join(top, d, name)).catch(() => undefined);
        if (s?.isFile()) yield { hash, ext, uri: artifactUri(hash, ext), size: s.size, modified: s.mtime };
      }
    }
  }

  async delete(hash: string, ext: string): Promise<void> {
    if (!HASH_RE.test(hash)) throw new Error(`not an artifact hash: ${JSON.stringify(hash)}`);
    checkExt(ext);
    await unlink(join(this.dir(hash), hash + ext)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** The stored file for a hash, whatever extension it was put with. */
  private async find(hash: string): Promise<string | undefined> {
    let names: string[];
    try {
      names = await readdir(this.dir(hash));
    } catch {
      return undefined;
    }
    const name = names.find((n) => n.startsWith(hash) && EXT_RE.test(n.slice(64)));
    return name === undefined ? undefined : join(this.dir(hash), name);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** JSON artifacts are serialized with stable key order (as built) and a trailing newline. */
export async function putJson(store: ArtifactStore, value: unknown): Promise<PutResult> {
  return store.put(new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n'), '.json');
}

export async function getJson<T = unknown>(store: ArtifactStore, uriOrHash: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await store.get(uriOrHash))) as T;
}
