// The request-forgery guard of workers/compute/net/egress.ts against a real HTTP server on loopback: a restricted
// address is refused before any connection (the server counts none), whether named as an IP literal, reached by a
// host name that resolves to it, or by a redirect; an allowed host passes; the address classes are right.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restrictedClass } from '../../workers/compute/net/address-class';
import { EgressRefused, guardedFetch, hostAllowed } from '../../workers/compute/net/egress';

let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/to-localhost') {
      res.writeHead(302, { location: `http://localhost:${port}/ok` }).end();
      return;
    }
    res.end('ok');
  });
  server.on('connection', () => { connections++; });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const refusal = (p: Promise<unknown>) => p.then(() => 'fetched', (e: unknown) => (e instanceof EgressRefused ? e.message : `other: ${String(e)}`));

describe('egress guard', () => {
  it('refuses a loopback IP literal before connecting, naming the host and the way to allow it', async () => {
    const before = connections;
    const message = await refusal(guardedFetch(`http://127.0.0.1:${port}/ok`, {}, { allowedHosts: [] }));
    expect(message).toBe('127.0.0.1 is a loopback address: requests from pipelines and monitors may not reach it unless an admin allows the host (headrace egress allow 127.0.0.1)');
    expect(connections - before).toBe(0);
  });

  it('refuses a host name that resolves to loopback, in the lookup the connection itself uses', async () => {
    const before = connections;
    const message = await refusal(guardedFetch(`http://localhost:${port}/ok`, {}, { allowedHosts: ['127.0.0.1'] }));
    expect(message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is a loopback address: .*headrace egress allow localhost\)$/);
    expect(connections - before).toBe(0);
  });

  it('lets an allowed host through, and refuses a redirect from it to a host that is not allowed', async () => {
    const ok = await guardedFetch(`http://127.0.0.1:${port}/ok`, {}, { allowedHosts: ['127.0.0.1'] });
    expect([ok.status, await ok.text()]).toEqual([200, 'ok']);
    const before = connections;
    const message = await refusal(guardedFetch(`http://127.0.0.1:${port}/to-localhost`, {}, { allowedHosts: ['127.0.0.1'] }));
    expect(message).toMatch(/^localhost resolves to .* loopback address/);
    // One connection: the allowed first hop; none to the redirect's target.
    expect(connections - before).toBe(1);
  });

  it('refuses the cloud metadata address and private networks as IP literals without a connection attempt', async () => {
    for (const [url, cls] of [['http://169.254.169.254/latest/meta-data/', 'link-local'], ['http://10.1.2.3/', 'private'], ['http://[::1]:8123/', 'loopback'], ['http://[fd00::1]/', 'private']]) {
      const started = performance.now();
      expect(await refusal(guardedFetch(url, { signal: AbortSignal.timeout(5000) }, { allowedHosts: [] }))).toContain(`is a ${cls} address`);
      // Refused at once: no TCP timeout to an unreachable address was waited for.
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('classes addresses, IPv4-mapped IPv6 as its IPv4 address', () => {
    const classes = Object.fromEntries(
      ['127.0.0.1', '10.0.0.1', '172.31.255.255', '172.32.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '8.8.8.8', '::1', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:8.8.8.8', '2606:4700::1111', '224.0.0.1']
        .map((a) => [a, restrictedClass(a) ?? 'public']),
    );
    expect(classes).toEqual({
      '127.0.0.1': 'loopback', '10.0.0.1': 'private', '172.31.255.255': 'private', '172.32.0.1': 'public', '192.168.1.1': 'private',
      '169.254.169.254': 'link-local', '100.64.0.1': 'shared (carrier-grade NAT)', '0.0.0.0': 'unspecified', '8.8.8.8': 'public',
      '::1': 'loopback', 'fe80::1': 'link-local', 'fc00::1': 'private', '::ffff:127.0.0.1': 'loopback', '::ffff:8.8.8.8': 'public',
      '2606:4700::1111': 'public', '224.0.0.1': 'multicast',
    });
  });

  it('matches allowed hosts exactly, or a domain\'s subdomains with *.', () => {
    const policy = { allowedHosts: ['db.internal', '*.corp.example', '[::1]'] };
    expect(['db.internal', 'DB.Internal.', 'x.db.internal', 'a.corp.example', 'corp.example', '::1', '[::1]'].map((h) => hostAllowed(h, policy)))
      .toEqual([true, true, false, true, false, true, true]);
  });
});
