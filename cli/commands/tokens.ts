// API tokens through the API (admins): `tokens [--user U]` lists them with their scopes, `tokens create NAME
// [--scope api|predict]… [--expires-in-days N] [--user U]` prints the secret once, `tokens revoke ID`.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, table } from '../output';
import type { Remote } from '../remote';

export const TOKEN_SCOPE_CHOICES = ['api', 'predict'] as const;
type Scope = (typeof TOKEN_SCOPE_CHOICES)[number];

const day = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 10) : '—');

export async function tokensCommand(opts: Remote & { user?: string }): Promise<number> {
  const list = await connect(opts).admin.tokens.query({ username: opts.user });
  if (opts.json) {
    console.log(JSON.stringify(list, null, 2));
    return EXIT.ok;
  }
  if (list.length === 0) {
    console.log('no tokens (headrace tokens create NAME makes one)');
    return EXIT.ok;
  }
  const rows = [['ID', 'NAME', 'USER', 'PREFIX', 'SCOPES', 'CREATED', 'EXPIRES', 'LAST USED', 'STATE']];
  for (const t of list) {
    const state = t.revokedAt ? 'revoked' : t.expiresAt && new Date(t.expiresAt).getTime() <= Date.now() ? 'expired' : 'active';
    rows.push([t.id, t.name, t.username, `${t.prefix}…`, t.scopes.join(','), day(t.createdAt), day(t.expiresAt), day(t.lastUsedAt), state]);
  }
  console.log(table(rows));
  return EXIT.ok;
}

export async function tokenCreateCommand(
  name: string, opts: Remote & { scope: Scope[]; expiresInDays?: number; user?: string },
): Promise<number> {
  const created = await connect(opts).admin.createToken.mutate({
    name, username: opts.user, expiresInDays: opts.expiresInDays, scopes: opts.scope.length > 0 ? opts.scope : undefined,
  });
  if (opts.json) {
    console.log(JSON.stringify(created, null, 2));
    return EXIT.ok;
  }
  console.log(created.token);
  console.error(dim(`token ${bold(name)} (${created.id}), scopes ${created.scopes.join(', ')}, ${created.expiresAt ? `expires ${day(created.expiresAt)}` : 'no expiry'}: shown once, keep it`));
  return EXIT.ok;
}

export async function tokenRevokeCommand(id: string, opts: Remote): Promise<number> {
  const r = await connect(opts).admin.revokeToken.mutate({ id });
  if (opts.json) {
    console.log(JSON.stringify(r, null, 2));
    return EXIT.ok;
  }
  console.log(`token ${r.id} revoked: the API refuses it at once; predict servers within their token cache (5 s)`);
  return EXIT.ok;
}
