// connection.*: the named databases ingest.sql reads (docs/data.md, "Connections"). Viewers see each connection's
// URL (never holding a password: one that does is refused) and the name of the secret (or of the worker's
// environment variable) that holds its password, never a secret; admins set and delete them. Every set and delete
// is in the audit log.
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { CONNECTION_KINDS, CONNECTION_NAME, CONNECTION_NAME_RULE, connectionUrlProblem } from '../../../dsl/connections';
import { ENV_NAME } from '../../../dsl/http-headers';
import { SecretName } from '../../../dsl/secret-ref';
import { deleteConnection, listConnections, setConnection } from '../../db/repo/connections';
import { ServiceError } from '../../services/errors';
import { actorOf, adminProcedure, router, viewerProcedure } from '../trpc';

const ConnectionName = z.string().regex(CONNECTION_NAME, `use ${CONNECTION_NAME_RULE}`);

const ConnectionUrl = z.string().trim().min(1).max(2000).superRefine((url, ctx) => {
  const problem = connectionUrlProblem(url);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const Connection = z.object({
  name: z.string(),
  kind: z.enum(CONNECTION_KINDS),
  /** postgres://user@host:port/database: never a password. */
  url: z.string(),
  /** The worker's environment variable holding the password (its name only), or null. */
  passwordEnv: z.string().nullable(),
  /** The secret store's secret holding the password (its name only), or null. */
  passwordSecret: z.string().nullable(),
  description: z.string().nullable(),
  createdBy: z.string(),
  createdAt: isoDate(),
  updatedAt: isoDate(),
});

/** A row as the API shows it; a URL stored before the password rule (by hand) is shown without one. */
const shown = (row: Awaited<ReturnType<typeof listConnections>>[number]) => ({
  ...row,
  kind: row.kind as (typeof CONNECTION_KINDS)[number],
  url: connectionUrlProblem(row.url) ? '(refused: holds a password; set it again)' : row.url,
});

export const connectionRouter = router({
  /** Every connection, by name. */
  list: viewerProcedure
    .output(z.array(Connection))
    .query(async ({ ctx }) => (await listConnections(ctx.svc.db)).map(shown)),
  /** Creates a connection or replaces its URL, password variable and description (admins). */
  set: adminProcedure
    .input(z.object({
      name: ConnectionName,
      kind: z.enum(CONNECTION_KINDS).default('postgres'),
      url: ConnectionUrl,
      passwordEnv: z.string().regex(ENV_NAME, 'an environment variable name (letters, digits and _, not starting with a digit)').max(200).nullish(),
      passwordSecret: SecretName.nullish(),
      description: z.string().max(2000).nullish(),
    }).refine((c) => !(c.passwordEnv && c.passwordSecret), { message: 'name the password\'s secret or its environment variable, not both', path: ['passwordSecret'] }))
    .output(Connection.extend({ created: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const row = await setConnection(ctx.svc.db, { ...input, actor: actorOf(ctx) });
      return { ...shown(row), created: row.created };
    }),
  /** Deletes a connection (admins); steps that name it then fail with "no connection". */
  delete: adminProcedure
    .input(z.object({ name: ConnectionName }))
    .output(z.object({ name: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await deleteConnection(ctx.svc.db, input.name))) throw new ServiceError('NOT_FOUND', `no connection "${input.name}"`);
      return { name: input.name, deleted: true as const };
    }),
});
