// The visual editor on an empty pipeline.
import type { Metadata } from 'next';
import { NewPipeline } from '../../editor/editor';

export const metadata: Metadata = { title: 'New pipeline' };

export default function NewPipelinePage() {
  return <NewPipeline />;
}
