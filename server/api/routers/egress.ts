// egress.*: the hosts pipelines and monitors may reach although they resolve to a loopback, private or link-local
// address (docs/security.md, "Requests from pipelines"). Everyone signed in reads the list; admins allow and
// revoke, each audited. Workers read it at every request, so a change holds from the next one.
import { isIP } from 'node:net';
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { allowEgressHost, listEgressHosts, revokeEgressHost } from '../../db/repo/egress-hosts';
import { ServiceError } from '../../services/errors';
import { actorOf, adminProcedure, router, viewerProcedure } from '../trpc';

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_NAME = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*$`);

export const EgressHost = z.string().trim().toLowerCase().max(253).refine(
  (h) => HOST_NAME.test(h) || isIP(h.replace(/^\[(.*)\]$/, '$1')) !== 0,
  { message: 'a host name (db.internal), *.domain for its subdomains, or an IP address' },
).transform((h) => h.replace(/^\[(.*)\]$/, '$1'));

const Row = z.object({ host: z.string(), note: z.string().nullable(), createdBy: z.string(), createdAt: isoDate() });

export const egressRouter = router({
  /** The allowed hosts, by name. */
  list: viewerProcedure
    .output(z.array(Row))
    .query(async ({ ctx }) => listEgressHosts(ctx.svc.db)),
  /** Allows a host (admins): requests to it pass although it resolves to a restricted address. */
  allow: adminProcedure
    .input(z.object({ host: EgressHost, note: z.string().max(500).nullish() }))
    .output(Row.extend({ created: z.boolean() }))
    .mutation(async ({ ctx, input }) => allowEgressHost(ctx.svc.db, { ...input, actor: actorOf(ctx) })),
  /** Takes a host off the list (admins). */
  revoke: adminProcedure
    .input(z.object({ host: EgressHost }))
    .output(z.object({ host: z.string(), revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await revokeEgressHost(ctx.svc.db, input.host))) throw new ServiceError('NOT_FOUND', `${input.host} is not on the list`);
      return { host: input.host, revoked: true as const };
    }),
});
