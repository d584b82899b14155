// Sends live readings to the example's endpoint, one request per reading, then the ground truth of each as a
// late label (what a pump did the next day), so the monitor sees both drift and accuracy.
//
//   node examples/drift/send-traffic.mjs [--phase before|after] [--requests N] [--rate PER_SECOND] [--seed S]
//                                        [--endpoint NAME] [--url http://127.0.0.1:8080] [--no-labels]
// --rate spreads the requests over time (a canary judges windows of seconds); without it they go at once.
// HEADRACE_SERVE_URL, when set, is the predict server's address (as for `headrace predict`).
import { parseArgs } from 'node:util';
import { FEATURES, readings } from './sensors.mjs';

const { values } = parseArgs({
  options: {
    phase: { type: 'string', default: 'before' },
    requests: { type: 'string', default: '300' },
    rate: { type: 'string', default: '0' },
    seed: { type: 'string', default: '' },
    endpoint: { type: 'string', default: 'pumps' },
    url: { type: 'string', default: process.env.HEADRACE_SERVE_URL ?? 'http://127.0.0.1:8080' },
    'no-labels': { type: 'boolean', default: false },
  },
});
if (values.phase !== 'before' && values.phase !== 'after') throw new Error(`--phase is before or after, not "${values.phase}"`);
const n = Number(values.requests);
const seed = values.seed ? Number(values.seed) : values.phase === 'before' ? 7001 : 7002;
const base = `${values.url.replace(/\/$/, '')}/v1/endpoints/${values.endpoint}`;

const rows = readings(values.phase, n, seed);
const labels = [];
let right = 0;
const versions = new Map();
const rate = Number(values.rate);
const CONCURRENCY = 8;
const t0 = Date.now();
let next = 0;
async function sendOne() {
  for (let i = next++; i < rows.length; i = next++) {
    if (rate > 0) {
      const wait = t0 + (i * 1000) / rate - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const row = Object.fromEntries(FEATURES.map((f) => [f, rows[i][f]]));
    const res = await fetch(`${base}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: [row] }) });
    const body = await res.json();
    if (!res.ok) throw new Error(`request ${i + 1}: ${res.status} ${JSON.stringify(body)}`);
    const label = body.predictions[0].label;
    if (label === rows[i].failure) right++;
    const v = `${body.model.name}@${body.model.version}`;
    versions.set(v, (versions.get(v) ?? 0) + 1);
    labels.push({ requestId: body.requestId, label: rows[i].failure });
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, sendOne));
console.log(`${n} ${values.phase} readings sent to ${values.endpoint}: ${((100 * right) / n).toFixed(1)}% predicted right, answered by ${[...versions].map(([v, c]) => `${v} (${c})`).join(', ')}`);

if (!values['no-labels']) {
  const res = await fetch(`${base}/labels`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ labels }) });
  const body = await res.json();
  if (!res.ok) throw new Error(`labels: ${res.status} ${JSON.stringify(body)}`);
  console.log(`labels: ${body.attached} attached${body.unknown ? `, ${body.unknown} not found yet (the log is written every second: send them again)` : ''}`);
}
