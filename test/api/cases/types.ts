// The shape of one procedure's case in the API test matrix (test/api/procedures.test.ts).
//
// Every procedure of `appRouter` needs a case, keyed by its name inside its router, in
// test/api/cases/<router>.ts (`export default { list: {...}, get: {...} } satisfies RouterCases`).
// For each case the matrix checks, against a real HTTP server with auth required:
//   1. no credentials                         → UNAUTHORIZED   (skipped for role 'public')
//   2. a token of the role just below `role`  → FORBIDDEN      (skipped for 'viewer' and 'public')
//   3. `bad.input` with the role's token      → BAD_REQUEST whose zod issues name `bad.field`
//                                               (required for every procedure that declares an input)
//   4. `happy(env)`'s input with the role's token succeeds, then `check(result, env)` runs.
// The input of `happy` is computed once and sent in 1–4's refused calls too, so a refusal is proven
// with a valid input and never consumes the state `happy` prepared (a token to revoke, a run to cancel).
// Subscriptions are called through the client's subscription link; their result is the array of
// events received until the stream completed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Role } from '../../../server/api/trpc';
import type { HeadraceClient } from '../../../server/api/client';
import type { Harness } from '../../helpers/harness';

export type CaseRole = Role | 'public';

export interface CaseEnv {
  /** Base URL of the API server (auth required). */
  url: string;
  /** A client per role, each signed in with an API token of its own user. */
  as: Record<Role, HeadraceClient>;
  /** A client with no credentials at all. */
  anonymous: HeadraceClient;
  /** A client with any token (e.g. one a case created). */
  client(token?: string): HeadraceClient;
  /** The users behind `as` (username `viewer-user`, `editor-user`, `admin-user`), with their passwords. */
  users: Record<Role, { id: string; username: string; password: string; token: string }>;
  /** The in-process platform (database, Temporal client, services) for direct reads and setup. */
  h: Harness;
  /** Things saved and run once before the matrix, in the examples/penguins world. */
  seed: {
    /** A pipeline with two saved versions (v1, v2 differ by their description). */
    pipeline: string;
    /** Its source at v2 and the folder its relative paths resolve in. */
    source: string;
    baseDir: string;
    /** A run of the pipeline that succeeded (registered model `model`, version `modelVersion`). */
    runId: string;
    /** A run that failed at its evaluate gate (minAccuracy 1.5): train and earlier steps succeeded. */
    failedRunId: string;
    model: string;
    modelVersion: number;
    /** A dataset the succeeded run wrote. */
    datasetId: string;
  };
  /** A fresh name for things a case creates (pipelines, tokens), unique within the test file. */
  unique(prefix: string): string;
  /** The source of a small valid pipeline named `name` (reads the penguins data of `seed.baseDir`). */
  pipelineSource(name: string): string;
}

export interface ProcedureCase {
  /** The least role allowed to call the procedure ('public': no credentials needed). */
  role: CaseRole;
  /** An input the procedure's zod schema refuses, and the top-level field its issue names. */
  bad?: { input: unknown; field: string };
  /** Prepares what the call needs and returns its input (undefined for procedures without input). */
  happy: (env: CaseEnv) => Promise<unknown> | unknown;
  /** Asserts on the result of the happy call (made with `role`'s token). Must assert something. */
  check: (result: any, env: CaseEnv) => void | Promise<void>;
}

/** A router's cases, keyed by the procedure's name within the router (`list`, not `pipeline.list`). */
export type RouterCases = Record<string, ProcedureCase>;

/** Every router's cases, keyed `router.procedure` (files of this folder other than this one, in name order). */
export async function loadCases(): Promise<Record<string, ProcedureCase>> {
  const here = import.meta.dirname;
  const cases: Record<string, ProcedureCase> = {};
  for (const file of readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'types.ts').sort()) {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: RouterCases };
    for (const [name, c] of Object.entries(mod.default)) cases[`${file.slice(0, -'.ts'.length)}.${name}`] = c;
  }
  return cases;
}
