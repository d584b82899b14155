// One run: its header and its steps, live while it runs.
import type { Metadata } from 'next';
import { RunView } from '../../_components/run/run-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${id.slice(0, 8)}` };
}

export default async function RunPage({ params }: Props) {
  const { id } = await params;
  return <RunView id={id} />;
}
