// The egress allow-list through the API: `egress` lists the hosts pipelines and monitors may reach although they
// resolve to a loopback, private or link-local address; `egress allow HOST [--note TEXT]` and `egress revoke HOST`
// (admins) change it.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { dim, table } from '../output';
import type { Remote } from '../remote';

export async function egressListCommand(opts: Remote): Promise<number> {
  const list = await connect(opts).egress.list.query();
  if (opts.json) {
    console.log(JSON.stringify(list, null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log('no hosts allowed: ingest.http, webhooks and data triggers reach public addresses only (an admin allows one: headrace egress allow HOST)');
    return EXIT.ok;
  }
  const rows = [['HOST', 'BY', 'SINCE', 'NOTE']];
  for (const h of list) rows.push([h.host, h.createdBy, new Date(h.createdAt).toISOString().slice(0, 10), h.note ?? '']);
  console.log(table(rows));
  return EXIT.ok;
}

export async function egressAllowCommand(host: string, opts: Remote & { note?: string }): Promise<number> {
  const h = await connect(opts).egress.allow.mutate({ host, note: opts.note });
  if (opts.json) {
    console.log(JSON.stringify(h, null, 2));
    return EXIT.ok;
  }
  console.log(`${h.host} ${h.created ? 'allowed' : 'was allowed already'}`);
  console.error(dim('pipelines and monitors may now reach it although it resolves to a private, loopback or link-local address'));
  return EXIT.ok;
}

export async function egressRevokeCommand(host: string, opts: Remote): Promise<number> {
  const r = await connect(opts).egress.revoke.mutate({ host });
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return EXIT.ok;
  }
  console.log(`${r.host} revoked: requests to it are refused again when it resolves to a restricted address`);
  return EXIT.ok;
}
