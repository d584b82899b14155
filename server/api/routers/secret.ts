// secret.*: the platform's secret store (docs/security.md, "Secrets"). Values go in sealed and never come back
// out: no procedure returns one, the audit log records the name only, and a worker reads a value when a step that
// names it runs. Editors and admins list the names (to write them in pipelines); admins set, delete and rotate.
import { z } from 'zod';
import { isoDate } from '../schemas/date';
import { SecretName } from '../../../dsl/secret-ref';
import { deleteSecret, listSecrets } from '../../db/repo/secrets';
import { MIN_SECRET_LENGTH } from '../../secrets/redact';
import { MAX_SECRET_BYTES, SecretError, rotateSecrets, setSecret } from '../../secrets/store';
import { ServiceError } from '../../services/errors';
import { actorOf, adminProcedure, editorProcedure, router } from '../trpc';

const SecretInfo = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** Which key sealed it (a fingerprint, not the key). */
  keyId: z.string(),
  createdBy: z.string(),
  createdAt: isoDate(),
  updatedBy: z.string(),
  updatedAt: isoDate(),
});

export const secretRouter = router({
  /** Every secret's name, description and dates; never a value. */
  list: editorProcedure
    .output(z.array(SecretInfo))
    .query(async ({ ctx }) => listSecrets(ctx.svc.db)),
  /** Creates or replaces a secret (admins). The answer says which, and holds no value. */
  set: adminProcedure
    .input(z.object({
      name: SecretName,
      value: z.string().min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`).max(MAX_SECRET_BYTES, `at most ${MAX_SECRET_BYTES} characters`),
      description: z.string().max(2000).nullish(),
    }))
    .output(SecretInfo.extend({ created: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      try {
        return await setSecret(ctx.svc.db, { ...input, actor: actorOf(ctx) }, ctx.svc.config.home);
      } catch (e) {
        if (e instanceof SecretError) throw new ServiceError('BAD_REQUEST', e.message);
        throw e;
      }
    }),
  /**
   * Seals every value again under the current key (admins), opening each with the key it names — the current one
   * or a previous one (HEADRACE_SECRET_KEY_PREVIOUS, <home>/secret.key.previous). `newKey: true` first replaces the
   * embedded platform's key file by a new random key (refused when the key comes from HEADRACE_SECRET_KEY). Values
   * sealed with a key the API does not have are listed in `unreadable`, left as they are.
   */
  rotate: adminProcedure
    .input(z.object({ newKey: z.boolean().default(false) }).default({ newKey: false }))
    .output(z.object({
      keyId: z.string(),
      previousKeyId: z.string().nullable(),
      resealed: z.array(z.string()),
      current: z.number().int(),
      unreadable: z.array(z.object({ name: z.string(), keyId: z.string(), error: z.string() })),
    }))
    .mutation(async ({ ctx, input }) => {
      ctx.auditNote.facts = { newKey: String(input.newKey) };
      try {
        return await rotateSecrets(ctx.svc.db, actorOf(ctx), ctx.svc.config.home, input);
      } catch (e) {
        if (e instanceof SecretError) throw new ServiceError('BAD_REQUEST', e.message);
        throw e;
      }
    }),
  /** Deletes a secret (admins); steps that name it then fail with "secret NAME is not set". */
  delete: adminProcedure
    .input(z.object({ name: SecretName }))
    .output(z.object({ name: z.string(), deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await deleteSecret(ctx.svc.db, input.name))) throw new ServiceError('NOT_FOUND', `no secret "${input.name}"`);
      return { name: input.name, deleted: true as const };
    }),
});
