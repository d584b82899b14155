// Kinds bind to their implementations: at compile time (the `satisfies` in workers/activities/index.ts and the
// type-level checks below, run by `npm run typecheck`) and at run time (the worker registers exactly one activity
// per activity-mode kind and an executor exists for every other mode's kind).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { catalog, stepKinds } from '../../dsl/catalog';
import type { MetricsRef, ModelRef, TableRef } from '../../dsl/refs';
import { LocalArtifactStore } from '../../server/artifacts/store';
import { openDatabase, type Database } from '../../server/db/client';
import { childWorkflowType } from '../../server/temporal/contract';
import { createActivities, stepActivities, stepImplementations } from '../../workers/activities';
import type { ActivityDeps } from '../../workers/activities/deps';
import type { ActivityKindName, InputsOf, KindImpl, KindNameOfMode, ModeOf } from '../../workers/activities/kinds';
import * as workflows from '../../workers/workflows';
import { WORKFLOW_STEPS } from '../../workers/workflows/executors/workflow';

type Bound = { [K in ActivityKindName]: KindImpl<K> };

/** Compile-time half: never called; `tsc` fails on any line below that stops holding. */
export function compileTimeBinding(): void {
  // Inputs are typed from the declared ports; an optional port may be absent.
  expectTypeOf<InputsOf<'evaluate.classifier'>>().toEqualTypeOf<{ model: ModelRef; table: TableRef }>();
  expectTypeOf<InputsOf<'registry.register'>>().toEqualTypeOf<{ model: ModelRef; metrics: MetricsRef | undefined }>();
  expectTypeOf<InputsOf<'ingest.csv'>>().toEqualTypeOf<{}>();
  // Modes come from the declarations: approve and wait run in the workflow, not as activities.
  expectTypeOf<ModeOf<'approve'>>().toEqualTypeOf<'workflow'>();
  expectTypeOf<ModeOf<'train.logistic'>>().toEqualTypeOf<'activity'>();
  expectTypeOf<'approve'>().toExtend<KindNameOfMode<'workflow'>>();
  expectTypeOf<'approve'>().not.toExtend<ActivityKindName>();

  const { 'ingest.csv': _dropped, ...withoutIngest } = stepImplementations;
  // @ts-expect-error a kind without an implementation does not compile
  void (withoutIngest satisfies Bound);
  // @ts-expect-error an implementation with another kind's config and inputs does not compile
  void ({ ...stepImplementations, 'ingest.csv': stepImplementations['prepare.split'] } satisfies Bound);
  // @ts-expect-error an implementation of a kind the catalog does not declare does not compile
  void ({ ...stepImplementations, 'train.unknown': stepImplementations['train.logistic'] } satisfies Bound);
  // @ts-expect-error a workflow-mode kind gets no activity
  void ({ ...stepImplementations, approve: stepImplementations['prepare.split'] } satisfies Bound);
}

const modeOf = (mode: string) => stepKinds().filter((k) => (k.mode ?? 'activity') === mode).map((k) => k.kind).sort();

describe('step kinds bind to implementations', () => {
  let database: Database;
  let dir: string;
  let deps: ActivityDeps;
  beforeAll(async () => {
    database = await openDatabase('memory://');
    dir = await mkdtemp(join(tmpdir(), 'headrace-binding-'));
    deps = { db: database.db, store: new LocalArtifactStore(dir), dataRoots: [dir] };
  });
  afterAll(async () => {
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('registers one activity per activity-mode kind, under the kind name, and none for another name', () => {
    const kinds = modeOf('activity');
    expect(kinds).toContain('train.logistic');
    const catalogKinds = Object.values(catalog).filter((k) => (k.mode ?? 'activity') === 'activity').map((k) => k.kind).sort();
    expect(Object.keys(stepActivities(deps)).sort()).toEqual(catalogKinds);

    const registered = Object.keys(createActivities(deps));
    const declared = new Set(stepKinds().map((k) => k.kind));
    // Every registered name is an activity-mode kind or a bookkeeping activity (a camelCase name, no kind).
    for (const name of registered) {
      if (declared.has(name)) expect(kinds, `${name} is registered as an activity`).toContain(name);
      else expect(name, `activity ${name} names no kind of the catalog`).toMatch(/^[a-z][a-zA-Z]*$/);
    }
    for (const kind of kinds) expect(registered).toContain(kind);
    for (const kind of [...modeOf('workflow'), ...modeOf('child')]) expect(registered).not.toContain(kind);
  });

  it('has an executor for every workflow-mode and child-mode kind', () => {
    const inWorkflow = modeOf('workflow');
    expect(inWorkflow).toContain('approve');
    expect(Object.keys(WORKFLOW_STEPS).sort()).toEqual(inWorkflow);
    // A child-mode kind runs as the workflow type its name gives (contract `childWorkflowType`).
    const served = new Set(Object.keys(workflows));
    for (const kind of modeOf('child')) expect(served, `workflow ${childWorkflowType(kind)} for ${kind}`).toContain(childWorkflowType(kind));
  });
});
