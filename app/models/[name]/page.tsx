// One model of the registry: its versions.
import type { Metadata } from 'next';
import { ModelView } from '../../_components/registry/model-view';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Model ${decodeURIComponent(name)}` };
}

export default async function ModelPage({ params }: Props) {
  const { name } = await params;
  return <ModelView name={decodeURIComponent(name)} />;
}
