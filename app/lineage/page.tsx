// The lineage graph of a model version (?model=NAME@VERSION) or a dataset (?dataset=ID, table sha256 or source key).
import type { Metadata } from 'next';
import { LineageView } from '../_components/lineage/lineage-view';

type Props = { searchParams: Promise<{ model?: string | string[]; dataset?: string | string[] }> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = await searchParams;
  const of = one(q.model) ?? one(q.dataset);
  return { title: of ? `Lineage of ${of.replace(/^.*[\\/](?=[^\\/]+$)/, '').slice(0, 40)}` : 'Lineage' };
}

export default async function LineagePage({ searchParams }: Props) {
  const q = await searchParams;
  return <LineageView model={one(q.model)} dataset={one(q.dataset)} />;
}
