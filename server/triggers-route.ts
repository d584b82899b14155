// The file-arrival webhook: `POST /v1/triggers/NAME` fires the `data: { webhook: NAME }` trigger of every
// pipeline that declares it (server/services/triggers.ts fireWebhook). Editor role or above, with the API's
// credentials (a bearer token with the api scope, or a session). The body is optional JSON `{ source?, hash? }`:
// the file that arrived (shown as what caused the run) and its content hash (the same hash announced twice starts
// one run; without one, every call is new data). Answers 202 with what each pipeline's trigger did.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveCaller } from './auth/principal';
import { audit } from './db/repo/audit';
import type { Services } from './services/context';
import { ServiceError } from './services/errors';
import { fireWebhook } from './services/triggers';
import { TRIGGER_WEBHOOK_NAME } from '../dsl/grammar';

const PREFIX = '/v1/triggers/';
/** A body is a small JSON object: anything larger is refused before it is read whole. */
const MAX_BODY = 16 * 1024;

const reply = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));

export async function handleTriggerWebhook(req: IncomingMessage, res: ServerResponse, svc: Services): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (!path.startsWith(PREFIX)) return false;
  const refuse = (status: number, error: string) => (req.resume(), reply(res, status, { error }), true);
  if (req.method !== 'POST') return (res.setHeader('allow', 'POST'), refuse(405, 'Call a trigger webhook with POST.'));
  const name = decodeURIComponent(path.slice(PREFIX.length));
  const { principal, refusal } = await resolveCaller(svc.db, req.headers, svc.config.auth.required);
  if (!principal) return refuse(401, refusal ?? 'Send an API token as `Authorization: Bearer hr_…` (editor role) to call a trigger webhook.');
  const done = async (status: number, outcome: 'ok' | 'error' | 'denied', body: Record<string, unknown>) => {
    await audit(svc.db, { actor: principal.username, action: 'trigger.webhook', target: name, outcome, details: body });
    reply(res, status, body);
    return true;
  };
  if (principal.role === 'viewer') {
    req.resume();
    return done(403, 'denied', { error: `Calling a trigger webhook needs the editor role; ${principal.username} is a viewer.` });
  }
  if (!TRIGGER_WEBHOOK_NAME.test(name)) {
    req.resume();
    return done(400, 'error', { error: `"${name}" is not a webhook name (lower-case letters, digits, ".", "_", "-").` });
  }
  let body: { source?: unknown; hash?: unknown } = {};
  try {
    const text = await readBody(req);
    if (text.trim()) body = JSON.parse(text) as typeof body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
  } catch (err) {
    return done(400, 'error', { error: `The body must be empty or a JSON object { source?, hash? }: ${(err as Error).message}.` });
  }
  const source = typeof body.source === 'string' && body.source ? body.source.slice(0, 1000) : undefined;
  const hash = typeof body.hash === 'string' && body.hash ? body.hash.slice(0, 200) : undefined;
  try {
    const firings = await fireWebhook(svc, { name, source, hash, actor: principal.username, nonce: randomUUID() });
    return done(202, 'ok', { webhook: name, firings });
  } catch (err) {
    if (err instanceof ServiceError && err.code === 'NOT_FOUND') return done(404, 'error', { error: err.message });
    throw err;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error(`larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
