// A real S3-compatible server for a test file: SeaweedFS (`weed server -filer -s3`, built into the per-user cache by
// `headrace setup --s3`; nothing is built or downloaded here) on 127.0.0.1 with free ports, its data in a temp
// folder, one access key, and a bucket made for the test. `stop()` ends it by its PID (SIGTERM, then SIGKILL after
// 2 s) and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { findSeaweedfs } from '../../cli/platform/seaweedfs';
import { freePorts } from '../../server/temporal/dev-server';

export interface S3Server {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** `s3://BUCKET/PREFIX` */
  location(prefix: string): string;
  /** The environment a Headrace process reads an S3 store from (HEADRACE_ARTIFACTS not included). */
  env: Record<string, string>;
  /** A client for the bucket (the test's own checks). */
  client: S3Client;
  pid: number;
  stop(): Promise<void>;
}

const ACCESS_KEY = 'headrace-test';
const SECRET_KEY = 'headrace-test-secret-key';
const REGION = 'us-east-1';

export async function startSeaweedfs(opts: { bucket?: string; readyMs?: number } = {}): Promise<S3Server> {
  const bin = findSeaweedfs();
  if (!bin) throw new Error('SeaweedFS is not built: run `npx headrace setup --s3` once (it builds it into ~/.cache/headrace/)');
  const bucket = opts.bucket ?? 'headrace-test';
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'headrace-s3-'));
    try {
      return await startOnce(bin, dir, bucket, opts.readyMs ?? 60_000);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      // A free port picked here can be taken by a parallel test before weed binds it: try other ports.
      if (attempt >= 3 || !/address already in use|bind/i.test(String(err))) throw err;
    }
  }
}

async function startOnce(bin: string, dir: string, bucket: string, readyMs: number): Promise<S3Server> {
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = await freePorts(8);
  writeFileSync(join(dir, 's3.json'), JSON.stringify({
    identities: [{ name: 'headrace', credentials: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }], actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'] }],
  }));
  // Read from the working folder: grow a bucket's storage one volume at a time (the default, 7, costs seconds on
  // a bucket's first write).
  writeFileSync(join(dir, 'master.toml'), '[master.volume_growth]\ncopy_1 = 1\ncopy_2 = 2\ncopy_3 = 3\ncopy_other = 1\n');
  const logFile = join(dir, 'weed.log');
  const log = openSync(logFile, 'a');
  const args = [
    'server', '-ip=127.0.0.1', '-ip.bind=127.0.0.1', `-dir=${dir}`,
    `-master.port=${master}`, `-master.port.grpc=${masterGrpc}`, '-master.telemetry=false', '-master.volumeSizeLimitMB=64',
    `-volume.port=${volume}`, `-volume.port.grpc=${volumeGrpc}`, '-volume.max=32', '-volume.preStopSeconds=0',
    '-filer', `-filer.port=${filer}`, `-filer.port.grpc=${filerGrpc}`, `-filer.localSocket=${join(dir, 'filer.sock')}`,
    '-s3', `-s3.port=${s3}`, `-s3.port.grpc=${s3Grpc}`, '-s3.port.iceberg=0', '-s3.port.lance=0', `-s3.config=${join(dir, 's3.json')}`,
    `-s3.localSocket=${join(dir, 's3.sock')}`,
  ];
  let child: ChildProcess;
  try {
    child = spawn(bin, args, { cwd: dir, stdio: ['ignore', log, log] });
  } finally {
    closeSync(log);
  }
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async () => {
    if (!gone && child.pid !== undefined) {
      // Its data goes with the folder: no need to wait out a graceful leave (the filer's takes up to 10 s).
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => { if (!gone && child.pid !== undefined) process.kill(child.pid, 'SIGKILL'); }, 2000);
      await exited;
      clearTimeout(timer);
    }
    // The gRPC sockets weed names after its ports in /tmp (no flag moves them), in case it could not remove them.
    for (const [kind, port] of [['master', masterGrpc], ['volume', volumeGrpc], ['filer', filerGrpc], ['s3', s3Grpc]] as const) {
      rmSync(`/tmp/seaweedfs-${kind}-grpc-${port}.sock`, { force: true });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const endpoint = `http://127.0.0.1:${s3}`;
  const credentials = { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY };
  const client = new S3Client({ endpoint, region: REGION, forcePathStyle: true, credentials });
  // Ready once the bucket is made and an object can be written (the first write waits for the filer to join the
  // master's lock ring and for a volume to be grown: seconds, paid here rather than by a test).
  const deadline = Date.now() + readyMs;
  const probe = { Bucket: bucket, Key: '.headrace-ready' };
  let made = false;
  for (;;) {
    if (gone) {
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
      await stop();
      throw new Error(`weed exited before it was ready:\n${tail}`);
    }
    try {
      if (!made) await client.send(new CreateBucketCommand({ Bucket: bucket }));
      made = true;
      await client.send(new PutObjectCommand({ ...probe, Body: 'ready' }));
      await client.send(new DeleteObjectCommand(probe));
      break;
    } catch (err) {
      const name = (err as { name?: string }).name;
      if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') made = true;
      else if (Date.now() > deadline) {
        client.destroy();
        await stop();
        throw new Error(`SeaweedFS did not take a write on ${endpoint} within ${readyMs} ms: ${String(err)}`, { cause: err });
      } else await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    endpoint, bucket, region: REGION, credentials, client, pid: child.pid!,
    location: (prefix) => `s3://${bucket}/${prefix}`,
    env: { AWS_ENDPOINT_URL_S3: endpoint, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: SECRET_KEY },
    stop: async () => {
      client.destroy();
      await stop();
    },
  };
}
