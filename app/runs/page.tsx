// All runs, or the runs of one pipeline (?pipeline=NAME) with its schedule.
import type { Metadata } from 'next';
import Link from 'next/link';
import { RunsTable } from '../_components/runs-table';
import { SchedulePanel } from '../_components/schedule-panel';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage({ searchParams }: { searchParams: Promise<{ pipeline?: string | string[] }> }) {
  const sp = await searchParams;
  const pipeline = Array.isArray(sp.pipeline) ? sp.pipeline[0] : sp.pipeline;
  return (
    <section aria-labelledby="runs-heading">
      <div className="section-head">
        <h1 id="runs-heading">{pipeline ? `Runs of ${pipeline}` : 'Runs'}</h1>
        {pipeline && <Link href="/runs">All runs</Link>}
      </div>
      {pipeline && <SchedulePanel pipeline={pipeline} />}
      <RunsTable pipeline={pipeline} limit={100} label={pipeline ? `Runs of ${pipeline}` : 'Runs'} />
    </section>
  );
}
