// model.*: the registry — models, their versions, stage transitions with reasons, tags, comparisons.
import { z } from 'zod';
import { listModelVersions } from '../../db/repo/registry';
import { annotate, compareVersions, getModelView, getVersionView, listVersionsOf, tagVersion, transitionVersion } from '../../services/registry';
import { CompareOut, ModelOut, ModelVersionDetail, ModelVersionOut, Stage } from '../schemas/model';
import { actorOf, editorProcedure, router, viewerProcedure } from '../trpc';

const Name = z.string().min(1);
const Version = z.number().int().positive();
const VersionKey = z.object({ name: Name, version: Version });

export const modelRouter = router({
  /** Every version of every model (or of one), by model name then newest first. */
  list: viewerProcedure.meta({ openapi: { method: 'GET', path: '/model-versions', tags: ['models'], summary: 'Model versions of every model (or of one), newest first' } })
    .input(z.object({ name: Name.optional() }).default({}))
    .output(z.array(ModelVersionOut))
    .query(({ ctx, input }) => listModelVersions(ctx.svc.db, input.name)),
  get: viewerProcedure.meta({ openapi: { method: 'GET', path: '/models/{name}', tags: ['models'], summary: 'A model with its versions' } }).input(z.object({ name: Name })).output(ModelOut).query(({ ctx, input }) => getModelView(ctx.svc, input.name)),
  versions: viewerProcedure.meta({ openapi: { method: 'GET', path: '/models/{name}/versions', tags: ['models'], summary: 'Versions of a model, newest first' } })
    .input(z.object({ name: Name }))
    .output(z.array(ModelVersionOut))
    .query(({ ctx, input }) => listVersionsOf(ctx.svc, input.name)),
  version: viewerProcedure.meta({ openapi: { method: 'GET', path: '/models/{name}/versions/{version}', tags: ['models'], summary: 'One model version' } }).input(VersionKey).output(ModelVersionDetail).query(({ ctx, input }) => getVersionView(ctx.svc, input.name, input.version)),
  /**
   * Moves a version to a stage, with a reason. Editors may move to none/staging/archived; production
   * needs an admin and passes the production gate (see docs/api.md).
   */
  transition: editorProcedure.meta({ openapi: { method: 'POST', path: '/models/{name}/versions/{version}/stage', tags: ['models'], summary: 'Move a model version to a stage, with a reason' } })
    .input(VersionKey.extend({ stage: Stage, reason: z.string().trim().min(1) }))
    .output(ModelVersionDetail)
    .mutation(({ ctx, input }) =>
      transitionVersion(ctx.svc, { ...input, actor: actorOf(ctx), isAdmin: ctx.principal.role === 'admin' })),
  /** Sets tags (a null value removes the tag). */
  tag: editorProcedure.meta({ openapi: { method: 'POST', path: '/models/{name}/versions/{version}/tags', tags: ['models'], summary: 'Set or remove (null) tags of a model version' } })
    .input(VersionKey.extend({ tags: z.record(z.string().min(1).max(100), z.string().max(1000).nullable()) }))
    .output(ModelVersionDetail)
    .mutation(({ ctx, input }) => tagVersion(ctx.svc, input)),
  /** Sets the version's own description and notes; a field left out is kept, null clears it. */
  annotate: editorProcedure
    .input(VersionKey.extend({
      description: z.string().max(2000).nullable().optional(),
      notes: z.string().max(20000).nullable().optional(),
    }).refine((v) => v.description !== undefined || v.notes !== undefined, { message: 'is required unless `description` is given', path: ['notes'] }))
    .output(ModelVersionDetail)
    .mutation(({ ctx, input }) => annotate(ctx.svc, input)),
  compare: viewerProcedure
    .input(z.object({ name: Name, a: Version, b: Version }))
    .output(CompareOut)
    .query(({ ctx, input }) => compareVersions(ctx.svc, input)),
});
