// All runs, filtered by pipeline, status and trigger (?pipeline=NAME&status=S&trigger=T); a pipeline's runs
// come with its schedule.
import type { Metadata } from 'next';
import Link from 'next/link';
import { RunStatus, RunTrigger } from '../../dsl/states';
import { RunsTable } from '../_components/runs-table';
import { SchedulePanel } from '../_components/schedule-panel';
import { RunsFilter } from './runs-filter';

export const metadata: Metadata = { title: 'Runs' };

type Search = Record<'pipeline' | 'status' | 'trigger', string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export default async function RunsPage({ searchParams }: { searchParams: Promise<Partial<Search>> }) {
  const sp = await searchParams;
  const pipeline = first(sp.pipeline);
  // An unknown status or trigger in the address is ignored rather than sent to the API.
  const status = RunStatus.safeParse(first(sp.status)).data;
  const trigger = RunTrigger.safeParse(first(sp.trigger)).data;
  const label = pipeline ? `Runs of ${pipeline}` : 'Runs';
  return (
    <section aria-labelledby="runs-heading">
      <div className="section-head">
        <h1 id="runs-heading">{label}</h1>
        {pipeline && <Link href="/runs">All runs</Link>}
      </div>
      {pipeline && <SchedulePanel pipeline={pipeline} />}
      <RunsFilter value={{ pipeline, status, trigger }} />
      <RunsTable pipeline={pipeline} status={status} trigger={trigger} limit={100} label={label} detailed />
    </section>
  );
}
