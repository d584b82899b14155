// The artifact store on any S3-compatible object store (AWS S3, SeaweedFS, Ceph, R2, ...): the same interface
// and the same content addressing as LocalArtifactStore. An artifact is the object
// `<prefix>sha256/<hash[0:2]>/<hash><ext>`; writing the same bytes twice is a no-op (a HEAD finds the object);
// bodies larger than one part go up as a multipart upload (@aws-sdk/lib-storage); reads stream the body into
// one buffer of its length, and `path()` streams it into a local content-addressed cache (for tools that need
// a file, e.g. onnxruntime), checking the sha256 on the way.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  artifactUri, checkExt, EXT_RE, HASH_RE, parseArtifactUri, sha256Hex, type ArtifactStore, type PutResult, type StoredArtifact,
} from './store';

/** `s3://bucket/prefix` → its parts; the prefix is '' or ends with '/'. */
export function parseS3Location(location: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(location.trim());
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1])) {
    throw new Error(`HEADRACE_ARTIFACTS=${JSON.stringify(location)}: expected s3://bucket/prefix (a bucket name of 3-63 lowercase letters, digits, dots and hyphens)`);
  }
  const prefix = m[2].replace(/^\/+|\/+$/g, '');
  return { bucket: m[1], prefix: prefix ? `${prefix}/` : '' };
}

export interface S3ArtifactStoreOptions {
  /** `s3://bucket/prefix` */
  location: string;
  /** The client's settings (endpoint, region, credentials, forcePathStyle); or give `client`. */
  client?: S3Client | S3ClientConfig;
  /** The local folder `path()` downloads into (content-addressed like a local store; safe to delete). */
  cacheDir: string;
  /** Bytes per part of a multipart upload (at least 5 MiB, S3's minimum); a body within one part is one PUT. */
  partSize?: number;
  /** Parts uploaded at once. */
  queueSize?: number;
  /** The local folder of the prediction log (mutable files, never in this store: server/serving/prediction-log). */
  predictionsDir?: string;
}

export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
/** S3's smallest part (all but the last). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

export class S3ArtifactStore implements ArtifactStore {
  readonly client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly location: string;
  readonly cacheDir: string;
  readonly predictionsDir?: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(opts: S3ArtifactStoreOptions) {
    const { bucket, prefix } = parseS3Location(opts.location);
    this.bucket = bucket;
    this.prefix = prefix;
    this.location = `s3://${bucket}/${prefix}`;
    this.client = opts.client instanceof S3Client ? opts.client : new S3Client(opts.client ?? {});
    this.cacheDir = resolve(opts.cacheDir);
    if (opts.predictionsDir !== undefined) this.predictionsDir = resolve(opts.predictionsDir);
    this.partSize = Math.max(MIN_PART_SIZE, opts.partSize ?? DEFAULT_PART_SIZE);
    this.queueSize = opts.queueSize ?? 4;
  }

  /** The object key of an artifact. */
  key(hash: string, ext = ''): string {
    return `${this.prefix}sha256/${hash.slice(0, 2)}/${hash}${ext}`;
  }

  async put(bytes: Uint8Array | readonly Uint8Array[], ext = ''): Promise<PutResult> {
    checkExt(ext);
    const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
    const hash = sha256Hex(parts);
    const size = parts.reduce((n, p) => n + p.byteLength, 0);
    const result = { hash, uri: artifactUri(hash, ext), size };
    if (await this.exists(this.key(hash, ext))) return result; // content-addressed: never rewrite
    // One PUT when it fits a part, else CreateMultipartUpload + parts + Complete (aborted on failure, so a
    // failed upload leaves no object: readers never see half an artifact).
    const body = parts.length === 1 ? parts[0] : Readable.from(parts.filter((p) => p.byteLength > 0).map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.key(hash, ext), Body: body, ContentLength: size, ContentType: contentType(ext) },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    }).done();
    return result;
  }

  async get(uriOrHash: string): Promise<Uint8Array> {
    const { hash, ext } = parseArtifactUri(uriOrHash);
    const key = ext !== undefined ? this.key(hash, ext) : (await this.find(hash))?.key;
    if (key === undefined) throw this.notFound(uriOrHash);
    const body = await this.open(key, uriOrHash);
    const out = body.length !== undefined ? new Uint8Array(body.length) : undefined;
    const chunks: Uint8Array[] = [];
    let at = 0;
    for await (const chunk of body.stream as AsyncIterable<Uint8Array>) {
      if (out && at + chunk.byteLength <= out.byteLength) out.set(chunk, at);
      else chunks.push(chunk);
      at += chunk.byteLength;
    }
    if (out && at === out.byteLength) return out;
    return new Uint8Array(Buffer.concat(out ? [out.subarray(0, Math.min(at, out.byteLength)), ...chunks] : chunks));
  }

  async path(hash: string, ext?: string): Promise<string> {
    if (!HASH_RE.test(hash)) throw new Error(`not an artifact hash: ${JSON.stringify(hash)}`);
    if (ext !== undefined) checkExt(ext);
    const dir = join(this.cacheDir, 'sha256', hash.slice(0, 2));
    if (ext === undefined) {
      const cached = (await readdir(dir).catch(() => [] as string[])).find((n) => n.startsWith(hash) && EXT_RE.test(n.slice(64)));
      if (cached !== undefined) return join(dir, cached);
      const found = await this.find(hash);
      if (!found) throw this.notFound(hash);
      ext = found.ext;
    }
    const file = join(dir, hash + ext);
    if (await stat(file).then((s) => s.isFile(), () => false)) return file;
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.tmp-${hash.slice(0, 8)}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      const body = await this.open(this.key(hash, ext), artifactUri(hash, ext));
      const digest = createHash('sha256');
      await pipeline(body.stream, async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          digest.update(chunk);
          yield chunk;
        }
      }, createWriteStream(tmp, { flags: 'wx' }));
      const got = digest.digest('hex');
      if (got !== hash) throw new Error(`artifact ${hash}${ext} in ${this.location} has sha256 ${got}: the object was changed outside Headrace`);
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return file;
  }

  async has(hash: string): Promise<boolean> {
    if (!HASH_RE.test(hash)) return false;
    return (await this.find(hash)) !== undefined;
  }

  async *list(): AsyncIterable<StoredArtifact> {
    const top = `${this.prefix}sha256/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: top, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const a = o.Key !== undefined ? this.parseKey(o.Key) : undefined;
        if (a) yield { ...a, uri: artifactUri(a.hash, a.ext), size: o.Size ?? 0, modified: o.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(hash: string, ext: string): Promise<void> {
    if (!HASH_RE.test(hash)) throw new Error(`not an artifact hash: ${JSON.stringify(hash)}`);
    checkExt(ext);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(hash, ext) }));
    // Its downloaded copy, if this process made one (a stale copy would let `path()` serve a removed artifact).
    await unlink(join(this.cacheDir, 'sha256', hash.slice(0, 2), hash + ext)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }

  /** The object of a hash, whatever extension it was put with. */
  private async find(hash: string): Promise<{ key: string; ext: string } | undefined> {
    const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.key(hash), MaxKeys: 20 }));
    for (const o of page.Contents ?? []) {
      const a = o.Key !== undefined ? this.parseKey(o.Key) : undefined;
      if (a?.hash === hash) return { key: o.Key!, ext: a.ext };
    }
    return undefined;
  }

  private parseKey(key: string): { hash: string; ext: string } | undefined {
    const name = key.slice(`${this.prefix}sha256/xx/`.length);
    const hash = name.slice(0, 64);
    const ext = name.slice(64);
    if (key !== this.key(hash, ext) || !HASH_RE.test(hash) || !EXT_RE.test(ext)) return undefined;
    return { hash, ext };
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  private async open(key: string, what: string): Promise<{ stream: Readable; length?: number }> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(r.Body instanceof Readable)) throw new Error(`artifact ${what}: the S3 client returned no stream`);
      return { stream: r.Body, length: r.ContentLength };
    } catch (err) {
      if (isNotFound(err)) throw this.notFound(what, err);
      throw err;
    }
  }

  private notFound(what: string, cause?: unknown): Error {
    return new Error(`artifact ${what} not found in ${this.location}`, cause === undefined ? undefined : { cause });
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

function contentType(ext: string): string {
  if (ext.endsWith('.json')) return 'application/json';
  if (ext.endsWith('.arrow')) return 'application/vnd.apache.arrow.file';
  return 'application/octet-stream';
}
