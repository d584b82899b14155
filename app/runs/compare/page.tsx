// Runs side by side (?ids=A,B,…): their training curves overlaid, the settings and data that differ, every metric.
import type { Metadata } from 'next';
import { CompareView } from '../../_components/run/compare-view';

export const metadata: Metadata = { title: 'Compare runs' };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string | string[] }> }) {
  const sp = await searchParams;
  const raw = Array.isArray(sp.ids) ? sp.ids.join(',') : (sp.ids ?? '');
  const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return <CompareView ids={ids} />;
}
