// Settings: the secret store, the hosts pipelines may reach although private, and the database connections.
import type { Metadata } from 'next';
import { SettingsView } from '../_components/settings/settings-view';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return <SettingsView />;
}
