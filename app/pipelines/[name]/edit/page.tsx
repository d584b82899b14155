// The visual editor for a saved pipeline: its latest version.
import type { Metadata } from 'next';
import { EditPipeline } from '../../../editor/editor';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Edit ${decodeURIComponent(name)}` };
}

export default async function EditPipelinePage({ params }: Props) {
  const { name } = await params;
  return <EditPipeline name={decodeURIComponent(name)} />;
}
