// Serving's control plane through the API: `deploy ENDPOINT MODEL@VERSION`, `endpoints [NAME]`, `rollback ENDPOINT`.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, table } from '../output';
import type { Remote } from '../remote';

interface VariantLike { name: string; role: string; weight: number; model: string; version: number; stage: string }
interface DeploymentLike { number: number; strategy: string; status: string; actor: string; reason: string | null; createdAt: Date; variants: VariantLike[] }

const when = (d: Date) => new Date(d).toISOString().replace('T', ' ').slice(0, 19);
/** `penguins@3 (production) 100%`, one per variant, a shadow marked as such. */
const variantsText = (d: DeploymentLike | null) =>
  d ? d.variants.map((v) => `${v.model}@${v.version} (${v.stage}) ${v.role === 'shadow' ? `shadow ${v.weight}%` : `${v.weight}%`}`).join(', ') : '—';

export async function deployCommand(endpoint: string, model: string, opts: Remote & { strategy: 'replace'; reason?: string }): Promise<number> {
  const d = await connect(opts).endpoint.deploy.mutate({ endpoint, model, strategy: opts.strategy, reason: opts.reason });
  if (opts.json) {
    console.log(JSON.stringify(d, null, 2));
    return EXIT.ok;
  }
  console.log(`${bold(endpoint)}: deployment #${d.number} (${d.strategy}) serves ${variantsText(d)}${d.endpointCreated ? ' — new endpoint' : ''}`);
  return EXIT.ok;
}

export async function rollbackCommand(endpoint: string, opts: Remote & { reason?: string }): Promise<number> {
  const d = await connect(opts).endpoint.rollback.mutate({ endpoint, reason: opts.reason });
  if (opts.json) {
    console.log(JSON.stringify(d, null, 2));
    return EXIT.ok;
  }
  console.log(`${bold(endpoint)}: rolled back #${d.undone} to #${d.restored} (now deployment #${d.number}), serving ${variantsText(d)}`);
  return EXIT.ok;
}

export async function endpointsCommand(name: string | undefined, opts: Remote): Promise<number> {
  const api = connect(opts);
  if (name) {
    const e = await api.endpoint.get.query({ name });
    if (opts.json) {
      console.log(JSON.stringify(e, null, 2));
      return EXIT.ok;
    }
    console.log(`${bold(e.name)}  ${e.current ? `deployment #${e.current.number} (${e.current.strategy}, ${e.current.status})` : 'no deployment'}`);
    if (e.current) {
      const rows = [['VARIANT', 'ROLE', 'WEIGHT', 'MODEL', 'VERSION', 'STAGE']];
      for (const v of e.current.variants) rows.push([v.name, v.role, `${v.weight}%`, v.model, String(v.version), v.stage]);
      console.log(table(rows));
    }
    console.log(dim(`token required: ${e.requireToken ? 'yes' : 'no'}; prediction log sample: ${e.logSampleRate}`));
    if (e.history.length > 0) {
      console.log('');
      const rows = [['#', 'STRATEGY', 'STATUS', 'SERVES', 'BY', 'WHEN', 'REASON']];
      for (const d of e.history) rows.push([String(d.number), d.strategy, d.status, variantsText(d), d.actor, when(d.createdAt), d.reason ?? '']);
      console.log(table(rows));
    }
    return EXIT.ok;
  }
  const list = await api.endpoint.list.query();
  if (opts.json) {
    console.log(JSON.stringify(list, null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log('no endpoints yet (headrace deploy ENDPOINT MODEL@VERSION makes one)');
    return EXIT.ok;
  }
  const rows = [['ENDPOINT', 'DEPLOYMENT', 'STRATEGY', 'SERVES', 'UPDATED']];
  for (const e of list) {
    rows.push([e.name, e.current ? `#${e.current.number}` : '—', e.current?.strategy ?? '', variantsText(e.current), when(e.updatedAt)]);
  }
  console.log(table(rows));
  return EXIT.ok;
}
