// pipeline.list: the saved pipelines with their schedules, in one call (a client listing them never asks for each
// pipeline's schedule). The crons come from the latest versions' triggers in the same query as the list; only the
// pipelines that declare a schedule ask Temporal whether it is paused, all at once.
import { ScheduleNotFoundError } from '@temporalio/client';
import type { Plan } from '../../dsl/plan';
import { listPipelines } from '../db/repo/pipelines';
import { scheduleId } from '../temporal/contract';
import type { Services } from './context';
import { declaredSchedule, type DeclaredSchedule } from './schedules';

export async function listPipelinesWithSchedules(svc: Services) {
  const rows = await listPipelines(svc.db);
  return Promise.all(
    rows.map(async ({ triggers, ...p }) => {
      const declared = declaredOf(p.name, triggers);
      return { ...p, schedule: declared ? { ...declared, paused: (await pausedNow(svc, p.name)) ?? declared.paused } : null };
    }),
  );
}

function declaredOf(name: string, triggers: Plan['triggers'] | null): DeclaredSchedule | undefined {
  try {
    return declaredSchedule({ pipeline: name, triggers: triggers ?? undefined } as Plan);
  } catch {
    // Triggers that disagree never got a Schedule (the save said why): the list shows none.
    return undefined;
  }
}

/** Whether the pipeline's Temporal Schedule is paused (by hand or by its file); undefined when there is none. */
async function pausedNow(svc: Services, name: string): Promise<boolean | undefined> {
  try {
    return (await svc.temporal.schedule.getHandle(scheduleId(name)).describe()).state.paused;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}
