// The sources ingest steps read, with their versions, and every table steps wrote.
import type { Metadata } from 'next';
import { DatasetsView } from '../_components/dataset/datasets-view';

export const metadata: Metadata = { title: 'Datasets' };

export default function DatasetsPage() {
  return <DatasetsView />;
}
