// The model registry.
import type { Metadata } from 'next';
import { ModelsTable } from '../_components/models-table';

export const metadata: Metadata = { title: 'Models' };

export default function ModelsPage() {
  return (
    <section aria-labelledby="models-heading">
      <h1 id="models-heading">Models</h1>
      <ModelsTable />
    </section>
  );
}
