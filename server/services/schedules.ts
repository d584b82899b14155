// Schedules: one Temporal Schedule per pipeline with a `schedule:` trigger, kept in step with its latest saved
// version (created, updated or deleted on save and archive), paused and resumed from the API, and described
// with its next fire times. A fire starts `pipelineRun` with no run id: the workflow records its own run.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleDescription, type ScheduleOptionsAction, type ScheduleSpec } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { Plan, ScheduleTrigger } from '../../dsl/plan';
import { getPipelineVersion } from '../db/repo/pipelines';
import { PIPELINE_RUN, PIPELINE_TASK_QUEUE, scheduleId, scheduledWorkflowIdPrefix, type PipelineRunArgs, type RunContext } from '../temporal/contract';
import type { Services } from './context';
import { ServiceError } from './errors';

/** What a pipeline's `schedule:` triggers ask for, merged into the one Schedule that carries them. */
export interface DeclaredSchedule {
  crons: string[];
  overlap: ScheduleTrigger['overlap'];
  timezone?: string;
  paused: boolean;
}

const OVERLAP = { skip: ScheduleOverlapPolicy.SKIP, buffer: ScheduleOverlapPolicy.BUFFER_ONE, allow: ScheduleOverlapPolicy.ALLOW_ALL } as const;

/** How many upcoming fire times `pipeline.schedule.get` shows. */
export const NEXT_FIRES = 5;

/**
 * The Schedule a Plan declares, or undefined. Several `schedule:` triggers become one Schedule with several
 * crons; they must then agree on overlap, timezone and paused (one Schedule has one of each).
 */
export function declaredSchedule(plan: Plan): DeclaredSchedule | undefined {
  const triggers = (plan.triggers ?? []).filter((t): t is ScheduleTrigger => t.type === 'schedule');
  if (triggers.length === 0) return undefined;
  const [first] = triggers;
  const differs = triggers.find((t) => t.overlap !== first.overlap || t.timezone !== first.timezone || t.paused !== first.paused);
  if (differs) {
    throw new ServiceError(
      'BAD_REQUEST',
      `pipeline "${plan.pipeline}": its schedule triggers differ in overlap, timezone or paused (cron "${first.cron}" vs "${differs.cron}"); ` +
        'one Temporal Schedule carries them all, so give them the same settings',
    );
  }
  return { crons: triggers.map((t) => t.cron), overlap: first.overlap, timezone: first.timezone, paused: first.paused };
}

/** Test only: fire at a fixed interval (`'1s'`) instead of the crons, which fire at most once a minute. */
export interface ScheduleTestOptions {
  every?: Duration;
}

interface Target {
  plan: Plan;
  pipelineVersionId: string;
  version: number;
}

function scheduleOptions(t: Target, d: DeclaredSchedule, test?: ScheduleTestOptions) {
  const spec: ScheduleSpec = test?.every ? { intervals: [{ every: test.every }] } : { cronExpressions: d.crons, timezone: d.timezone };
  const ctx: RunContext = { trigger: 'schedule', pipelineVersionId: t.pipelineVersionId, createdBy: 'schedule' };
  const args: PipelineRunArgs = [t.plan, ctx];
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow',
    workflowType: PIPELINE_RUN,
    args,
    taskQueue: PIPELINE_TASK_QUEUE,
    workflowId: scheduledWorkflowIdPrefix(t.plan.pipeline),
    memo: { pipeline: t.plan.pipeline, version: t.version },
  };
  return { spec, action, policies: { overlap: OVERLAP[d.overlap] } };
}

/**
 * Brings the pipeline's Schedule in line with the version just saved (`previous`: the latest version before
 * this save). Paused state: a Schedule paused or resumed by hand stays so across saves; only a change of the
 * file's `paused:` (or a Schedule created anew) applies the file's value.
 */
export async function syncSchedule(svc: Services, s: Target & { previous?: Plan; hold?: string }, test?: ScheduleTestOptions): Promise<void> {
  const want = declaredSchedule(s.plan);
  const had = s.previous ? declaredSchedule(s.previous) : undefined;
  const name = s.plan.pipeline;
  if (!want) {
    if (had) await deleteSchedule(svc, name);
    return;
  }
  const options = scheduleOptions(s, want, test);
  const declaredNote = `${want.paused ? 'paused' : 'running'} as declared in version ${s.version}`;
  // `hold`: a Schedule that must not fire until someone resumes it (a duplicated pipeline's), whatever the file says.
  const fresh = s.hold ? { paused: true, note: s.hold } : { paused: want.paused, note: declaredNote };
  const fileChanged = !had || had.paused !== want.paused;
  const handle = svc.temporal.schedule.getHandle(scheduleId(name));
  const update = () =>
    handle.update((prev) => ({
      ...options,
      state: fileChanged ? fresh : { paused: prev.state.paused, note: prev.state.note },
    }));
  try {
    await update();
    return;
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw scheduleError(name, err);
  }
  try {
    await svc.temporal.schedule.create({ scheduleId: scheduleId(name), ...options, memo: { pipeline: name }, state: fresh });
  } catch (err) {
    // Two saves raced and the other one created it: bring it to this version.
    if (!(err instanceof ScheduleAlreadyRunning)) throw scheduleError(name, err);
    await update();
  }
}

/**
 * A renamed pipeline's Schedule: its id holds the name, so one is created under the new name (paused or not
 * as the old one stood, with its note) before the old one is deleted. Its fire history stays with the runs.
 */
export async function moveSchedule(svc: Services, from: string, s: Target): Promise<void> {
  const old = await describe(svc, from);
  const note = old?.state.note || undefined;
  await syncSchedule(svc, { ...s, ...(old?.state.paused && { hold: note ?? `paused before the rename from "${from}"` }) });
  if (old && !old.state.paused && declaredSchedule(s.plan)?.paused) await svc.temporal.schedule.getHandle(scheduleId(s.plan.pipeline)).unpause(note);
  await deleteSchedule(svc, from);
}

/** Removes the pipeline's Schedule (archived, or its last `schedule:` trigger removed); none is fine. */
export async function deleteSchedule(svc: Services, name: string): Promise<void> {
  try {
    await svc.temporal.schedule.getHandle(scheduleId(name)).delete();
  } catch (err) {
    // Nothing to delete is the state asked for.
    if (!(err instanceof ScheduleNotFoundError)) throw scheduleError(name, err);
  }
}

function scheduleError(name: string, err: unknown): Error {
  const e = new Error(`pipeline "${name}" was saved, but its Temporal Schedule could not be updated (save it again to retry): ${(err as Error).message}`);
  e.cause = err;
  return e;
}

export interface ScheduleView {
  pipeline: string;
  /** What the latest version's file declares; null when it has no `schedule:` trigger. */
  declared: DeclaredSchedule | null;
  /** The Temporal Schedule as it stands; null when there is none. */
  state: {
    paused: boolean;
    note: string | null;
    /** The pipeline version its fires run. */
    version: number | null;
    /** The next fires (at most five), in order; Temporal lists them paused or not. */
    nextFireTimes: Date[];
    recentFires: Array<{ scheduledAt: Date; workflowId: string }>;
    fires: number;
    skippedOverlap: number;
    running: number;
  } | null;
}

async function describe(svc: Services, name: string): Promise<ScheduleDescription | undefined> {
  try {
    return await svc.temporal.schedule.getHandle(scheduleId(name)).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

export async function getSchedule(svc: Services, name: string): Promise<ScheduleView> {
  const found = await getPipelineVersion(svc.db, name);
  if (!found) throw new ServiceError('NOT_FOUND', `no pipeline "${name}"`);
  const declared = declaredSchedule(found.version.plan as Plan) ?? null;
  const d = await describe(svc, name);
  if (!d) return { pipeline: name, declared, state: null };
  const version = d.action.memo?.version;
  return {
    pipeline: name,
    declared,
    state: {
      paused: d.state.paused,
      note: d.state.note || null,
      version: typeof version === 'number' ? version : null,
      nextFireTimes: d.info.nextActionTimes.slice(0, NEXT_FIRES),
      recentFires: d.info.recentActions.map((a) => ({ scheduledAt: a.scheduledAt, workflowId: a.action.workflow.workflowId })),
      fires: d.info.numActionsTaken,
      skippedOverlap: d.info.numActionsSkippedOverlap,
      running: d.info.runningActions.length,
    },
  };
}

/** Pauses or resumes the pipeline's Schedule with a note naming who and why; the same state again is a no-op. */
export async function setSchedulePaused(
  svc: Services,
  input: { name: string; paused: boolean; reason?: string; actor: string },
): Promise<ScheduleView> {
  const d = await describe(svc, input.name);
  if (!d) {
    const found = await getPipelineVersion(svc.db, input.name);
    throw new ServiceError(
      'NOT_FOUND',
      found ? `pipeline "${input.name}" has no schedule (add \`triggers: [{ schedule: { cron: "…" } }]\` and save it)` : `no pipeline "${input.name}"`,
    );
  }
  if (d.state.paused !== input.paused) {
    const handle = svc.temporal.schedule.getHandle(scheduleId(input.name));
    const note = `${input.paused ? 'paused' : 'resumed'} by ${input.actor}${input.reason ? `: ${input.reason}` : ''}`;
    await (input.paused ? handle.pause(note) : handle.unpause(note));
  }
  return getSchedule(svc, input.name);
}
