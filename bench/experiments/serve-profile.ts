// Where a predict server's core goes under a fixed open-loop load of one model and batch size ({"rows": …} on
// /v1/endpoints/NAME/predict), for the real server and the HTTP floor (inference replaced by a constant, as in the
// serve bench): the CPU each of its threads used while 5 s of load ran (from /proc), PROF=1 adds a V8 CPU profile
// of every thread (in OUTDIR/real and OUTDIR/floor), PERF=1 a `perf record -g` of the process (OUTDIR/*.perf).
// The server is pinned to core 0 and the load generator to core 1, as in the bench. Run it alone:
//   npx tsx bench/experiments/serve-profile.ts lr32 64 800 OUTDIR
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/harness';
import { buildLoadgen, load } from '../serve/load';
import { benchModel, plainBody, type ModelName } from '../serve/models';

/** CPU ms (user+system) of each thread of a process, from /proc. */
function threadCpu(pid: number): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, { name, ms: (Number(f[11]) + Number(f[12])) * 10 });
  }
  return out;
}
const prof = process.env.PROF === '1';
const [model, batch, rate, out] = process.argv.slice(2);
spawnSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
const bin = buildLoadgen();
const m = benchModel(model as ModelName);
const bodyFile = join(out, 'body.json');
writeFileSync(bodyFile, plainBody(m, Number(batch)));
for (const floor of [false, true]) {
  const dir = join(out, floor ? 'floor' : 'real');
  const child = spawn('taskset', ['-c', '0', process.execPath, '--single-threaded-gc', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), '--import', 'tsx',
    join(ROOT, 'bench/serve/server.ts'), 'headrace', JSON.stringify({ models: [model], floor })], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((res) => {
    let buf = '';
    child.stdout!.on('data', (b) => { buf += b; const l = buf.split('\n').find((x) => x.startsWith('ready ')); if (l) res(JSON.parse(l.slice(6)).port); });
  });
  const path = `/v1/endpoints/${model}/predict`;
  await load(bin, { port, path, bodyFile, rate: Number(rate), seconds: 2, warmupSeconds: 0 });
  const perf = process.env.PERF === '1' ? spawn('perf', ['record', '-q', '-g', '-o', join(out, `${floor ? 'floor' : 'real'}.perf`), '-p', String(child.pid), '--', 'sleep', '5'], { stdio: 'inherit' }) : undefined;
  const before = threadCpu(child.pid!);
  const r = await load(bin, { port, path, bodyFile, rate: Number(rate), seconds: 5, warmupSeconds: 0.5 });
  const after = threadCpu(child.pid!);
  if (perf) await new Promise((r2) => perf.once('exit', r2));
  for (const [tid, a] of after) { const d = a.ms - (before.get(tid)?.ms ?? 0); if (d > 20) console.log(`  thread ${tid} ${a.name}: ${d} ms CPU`); }
  console.log(floor ? 'floor' : 'real', JSON.stringify({ p50: r.p50, p99: r.p99, ok: r.ok, measured: r.measured }));
  child.stdin!.end();
  await new Promise((r2) => child.once('exit', r2));
}
