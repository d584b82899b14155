// The server-side request forgery guard for what workers fetch on a pipeline's or a monitor's say-so (ingest.http,
// webhooks, a new-data trigger's URL): a host resolving to a loopback, private or link-local address (an internal
// service, a cloud metadata endpoint) is refused before any connection is made, unless an admin allowed that host
// (`headrace egress allow HOST`, or HEADRACE_EGRESS_ALLOW on the workers). The check runs inside the connection's
// own DNS lookup, so the address checked is the address connected to (no second lookup to rebind), and again on
// every redirect's host.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import { restrictedClass } from './address-class';

export class EgressRefused extends Error {
  override name = 'EgressRefused';
}

/** Hosts allowed although restricted: exact names or IP literals, or `*.suffix` for a domain's subdomains. */
export interface EgressPolicy {
  allowedHosts: readonly string[];
}

/** Lowercase, no brackets around an IPv6 literal, no trailing dot. */
export const normalHost = (host: string): string => host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

export function hostAllowed(host: string, policy: EgressPolicy): boolean {
  const h = normalHost(host);
  return policy.allowedHosts.some((a) => {
    const allowed = normalHost(a);
    return allowed.startsWith('*.') ? h.endsWith(allowed.slice(1)) : h === allowed;
  });
}

/** The hosts HEADRACE_EGRESS_ALLOW names (comma separated). */
export function envAllowedHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.HEADRACE_EGRESS_ALLOW ?? '').split(',').map((h) => h.trim()).filter(Boolean);
}

function refusal(host: string, address: string, cls: string): EgressRefused {
  const resolved = normalHost(host) === address ? '' : ` resolves to ${address}, which`;
  return new EgressRefused(
    `${host}${resolved} is a ${cls} address: requests from pipelines and monitors may not reach it unless an admin allows the host (headrace egress allow ${normalHost(host)})`,
  );
}

/** The reason a request to this host at this address is refused, or undefined. */
export function egressProblem(host: string, address: string, policy: EgressPolicy): EgressRefused | undefined {
  const cls = restrictedClass(address);
  if (!cls || hostAllowed(host, policy)) return undefined;
  return refusal(host, address, cls);
}

/** A DNS lookup that fails, before any connection, when any address of a host that is not allowed is restricted. */
function guardedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const bad = addresses.map((a) => egressProblem(hostname, a.address, policy)).find(Boolean);
      if (bad) return callback(Object.assign(bad, { code: 'EEGRESS' }) as NodeJS.ErrnoException, '', 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** An undici dispatcher whose every connection goes through the guard; an IP literal host is judged as it is. */
export function guardedAgent(policy: EgressPolicy): Agent {
  const connector = buildConnector({ lookup: guardedLookup(policy) } as buildConnector.BuildOptions);
  return new Agent({
    connect: (opts, callback) => {
      const host = normalHost(opts.hostname);
      if (isIP(host)) {
        const bad = egressProblem(host, host, policy);
        if (bad) return callback(bad, null);
      }
      return connector(opts, callback);
    },
  });
}

/**
 * fetch, through the guard. A refusal comes out as an EgressRefused (not a network error to retry), whether it
 * was the first host or a redirect's.
 */
export async function guardedFetch(url: string, init: UndiciRequestInit, policy: EgressPolicy): Promise<Response> {
  const dispatcher = guardedAgent(policy);
  try {
    return (await undiciFetch(url, { ...init, dispatcher })) as unknown as Response;
  } catch (e) {
    const refused = egressCause(e);
    if (refused) throw refused;
    throw e;
  } finally {
    // The body may still be streaming: close the agent once nothing uses it, without cutting the response.
    void dispatcher.close().catch(() => undefined);
  }
}

/** The EgressRefused inside a fetch failure's cause chain, if that is what it was. */
export function egressCause(e: unknown): EgressRefused | undefined {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if (c instanceof EgressRefused) return c;
  }
  return undefined;
}
