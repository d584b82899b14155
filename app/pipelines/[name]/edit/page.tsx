// The visual editor for a saved pipeline: its latest version.
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../_components/query-state';
import { EditPipeline } from '../../../editor/editor';
import { loadEditorInitial } from '../../../editor/initial';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Edit ${decodeURIComponent(name)}` };
}

export default async function EditPipelinePage({ params }: Props) {
  const { name } = await params;
  // The shell streams at once, so the browser loads the editor's scripts while the server reads the pipeline
  // and lays it out; the editor arrives in the same response.
  return (
    <Suspense fallback={<Loading what="pipeline" />}>
      <EditorWithInitial name={decodeURIComponent(name)} />
    </Suspense>
  );
}

async function EditorWithInitial({ name }: { name: string }) {
  return <EditPipeline name={name} initial={await loadEditorInitial(name)} />;
}
