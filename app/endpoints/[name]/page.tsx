// One endpoint: its variants and their traffic, its rollout, how to call it, and its deployments.
import type { Metadata } from 'next';
import { EndpointView } from '../../_components/endpoint/endpoint-view';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Endpoint ${decodeURIComponent(name)}` };
}

export default async function EndpointPage({ params }: Props) {
  const { name } = await params;
  return <EndpointView name={decodeURIComponent(name)} />;
}
