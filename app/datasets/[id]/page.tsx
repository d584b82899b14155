// One dataset version: its schema, size, a preview of its rows, per-column statistics and its lineage.
import type { Metadata } from 'next';
import { DatasetView } from '../../_components/dataset/dataset-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Dataset ${id.slice(0, 8)}` };
}

export default async function DatasetPage({ params }: Props) {
  const { id } = await params;
  return <DatasetView id={id} />;
}
