// One version of a model: every registry field, its stage history, the ONNX file, Promote / Archive.
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { VersionView } from '../../../../_components/registry/version-view';

type Props = { params: Promise<{ name: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name, version } = await params;
  return { title: `${decodeURIComponent(name)} v${version}` };
}

export default async function VersionPage({ params }: Props) {
  const { name, version } = await params;
  if (!/^[1-9]\d{0,8}$/.test(version)) notFound();
  return <VersionView name={decodeURIComponent(name)} version={Number(version)} />;
}
