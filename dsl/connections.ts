// Named connections to external databases (ingest.sql): the name rule, and the URL rule that keeps a password out
// of every stored URL. A leaf module: the catalog, the API, the CLI and the worker all read it.

/**
 * A connection's name, as a pipeline's `connection:` and `headrace connections set NAME` write it. `set` and
 * `delete` are words of the CLI (`headrace connections set NAME`): a connection by those names could not be shown.
 */
export const CONNECTION_NAME = /^(?!(?:set|delete)$)[a-z][a-z0-9._-]{0,62}$/;
export const CONNECTION_NAME_RULE = 'lower-case letters, digits, ".", "_" and "-", starting with a letter, at most 63 characters, and not "set" or "delete"';

/** Connection kinds Headrace can read from. */
export const CONNECTION_KINDS = ['postgres'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

/** Query parameters of a PostgreSQL URL that would carry a secret. */
const SECRET_PARAMS = ['password', 'sslpassword', 'passfile'];

/**
 * What is wrong with a connection URL, or undefined when it is fine: `postgres://user@host:port/database`, with
 * no password in it (neither `user:password@` nor `?password=`), since the URL is stored and shown to viewers.
 */
export function connectionUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a URL: write postgres://USER@HOST:PORT/DATABASE';
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return `must start with postgres:// (it starts with ${u.protocol}//)`;
  if (u.password !== '' || /^[^/]*\/\/[^@/]*:[^@/]*@/.test(url)) {
    return 'holds a password: the URL is stored and shown to every viewer; put the password in a secret (headrace secret set NAME) and name it as the password secret (--password-secret NAME)';
  }
  const secret = SECRET_PARAMS.find((p) => u.searchParams.has(p));
  if (secret) return `holds ${secret}= in its query: put it in a secret (headrace secret set NAME) and name it as the password secret (--password-secret NAME) instead`;
  if (!u.hostname) return 'names no host: write postgres://USER@HOST:PORT/DATABASE';
  return undefined;
}

/** The URL as it may be shown: credentials and query left out (the stored URL has no password; this is a second guard). */
export function shownConnectionUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${u.username}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}`;
  } catch {
    return '(an unreadable URL)';
  }
}
