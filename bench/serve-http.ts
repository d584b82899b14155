// HTTP stack of the predict server (issue 11): the same constant answer to a single-row plain predict request,
// served by node:http (what server/serving/server.ts uses) and by fastify, each server pinned to core 0 with
// `taskset -c 0`, loaded by autocannon (closed loop, 32 connections) from this process. Both servers read the body
// and JSON.parse it, as the predict server does, then send the same bytes. Rounds alternate between the stacks.
// The figure is node:http's request rate over fastify's (goal: not slower, ≥ 0.95×).
// Run: `npm run bench -- serve-http [--record] [--smoke]`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { benchCommand, benchOptions, figure, num, record } from './lib/harness';
import { summarize } from './lib/stats';

type Stack = 'node' | 'fastify';
const STACKS: Stack[] = ['node', 'fastify'];
const ROW = JSON.stringify({ rows: [{ a: 1.5, b: 2, c: true }] });
const ANSWER = JSON.stringify({
  predictions: [{ label: 'x', probabilities: { x: 0.7, y: 0.2, z: 0.1 } }], model: { name: 'bench', version: 1 }, requestId: 'r',
});
const PATH = '/v1/endpoints/bench/predict';

// ---- the server side (a child process, pinned) ---------------------------------------------------------------------

async function serve(stack: Stack): Promise<void> {
  let port: number;
  if (stack === 'node') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ANSWER), 'x-request-id': 'r' });
        res.end(ANSWER);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  } else {
    const { default: Fastify } = await import('fastify');
    const app = Fastify({ logger: false });
    // The body as text, parsed here: the same work as the node:http server.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    app.post(PATH, async (_req, reply) => {
      reply.header('content-type', 'application/json').header('x-request-id', 'r');
      return ANSWER;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  }
  process.stdout.write(`port ${port}\n`);
}

// ---- the load side --------------------------------------------------------------------------------------------------

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult>;

function start(stack: Stack): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', '0', process.execPath, ...process.execArgv, import.meta.filename, '--serve', stack], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /port (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`the ${stack} server exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  const opts = benchOptions(process.argv.slice(2));
  const rounds = opts.smoke ? 1 : 3;
  const duration = opts.smoke ? 1 : 5;
  // The load generator stays off the servers' core.
  spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
  const rate: Record<Stack, number[]> = { node: [], fastify: [] };
  const p99: Record<Stack, number[]> = { node: [], fastify: [] };
  for (let r = 0; r < rounds; r++) {
    for (const stack of r % 2 === 0 ? STACKS : [...STACKS].reverse()) {
      const { child, port } = await start(stack);
      try {
        const common = { url: `http://127.0.0.1:${port}${PATH}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: ROW, connections: 32 };
        await autocannon({ ...common, duration: 1 }); // warm-up
        const res = await autocannon({ ...common, duration });
        if (res.non2xx || res.errors) throw new Error(`${stack}: ${res.non2xx} non-2xx answers, ${res.errors} errors`);
        rate[stack].push(res.requests.average);
        p99[stack].push(res.latency.p99);
        process.stderr.write(`[bench serve-http] round ${r + 1} ${stack}: ${num(res.requests.average)} req/s, p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms\n`);
      } finally {
        child.kill('SIGTERM');
      }
    }
  }
  const ratio = summarize(rate.node).median / summarize(rate.fastify).median;
  figure({
    bench: 'serve-http', name: 'constant-answer.rate', unit: 'req/s', ours: rate.node, anchor: rate.fastify, ratio: 'ours/anchor',
    goal: '≥ 0.95×', met: ratio >= 0.95, what: 'node:http, single-row plain request, constant answer, server on one core', anchorWhat: 'fastify 5, same answer',
  });
  const section = record('serve-http', {
    commands: [benchCommand('serve-http', opts)],
    options: opts,
    notes: [
      `autocannon 9, 32 connections, ${duration} s per round after 1 s of warm-up, ${rounds} round(s) per stack, alternating; servers pinned with taskset -c 0, the load generator on core 1.`,
      `p99 latency (ms) per round: node:http ${p99.node.join(', ')}; fastify ${p99.fastify.join(', ')}.`,
    ],
  });
  if (!opts.record) console.log(section);
}

const serveAt = process.argv.indexOf('--serve');
if (serveAt >= 0) await serve(process.argv[serveAt + 1] as Stack);
else await main();
