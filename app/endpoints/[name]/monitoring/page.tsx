// One endpoint's monitoring: drift per feature over time, reference against window, quality with retrain runs
// and deployments marked, traffic and latency, alerts, and the monitor's spec.
import type { Metadata } from 'next';
import { MonitoringView } from '../../../_components/monitoring/monitoring-view';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Monitoring ${decodeURIComponent(name)}` };
}

export default async function MonitoringPage({ params }: Props) {
  const { name } = await params;
  return <MonitoringView name={decodeURIComponent(name)} />;
}
