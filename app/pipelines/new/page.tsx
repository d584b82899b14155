// A new pipeline: its name first, then the visual editor on an empty pipeline of that name.
import type { Metadata } from 'next';
import { NewPipelineStart } from './name-form';

export const metadata: Metadata = { title: 'New pipeline' };

export default function NewPipelinePage() {
  return <NewPipelineStart />;
}
