// Home: the saved pipelines and the latest runs.
import Link from 'next/link';
import { PipelinesTable } from './_components/pipelines-table';
import { RunsTable } from './_components/runs-table';

export default function HomePage() {
  return (
    <>
      <section aria-labelledby="pipelines-heading">
        <h1 id="pipelines-heading">Pipelines</h1>
        <PipelinesTable />
      </section>
      <section aria-labelledby="recent-heading">
        <div className="section-head">
          <h2 id="recent-heading">Recent runs</h2>
          <Link href="/runs">All runs</Link>
        </div>
        <RunsTable limit={10} label="Recent runs" />
      </section>
    </>
  );
}
