'use client';
// The settings page: secrets (names and dates; admins set a value, which is never shown again, and delete),
// the hosts pipelines and monitors may reach although they resolve to a private address (admins allow and
// revoke), and the database connections ingest.sql reads (where each password comes from).
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { ConnectionsPanel } from './connections-panel';
import { EgressPanel } from './egress-panel';
import { SecretsPanel } from './secrets-panel';
import './settings.css';

export function SettingsView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
  const role = me.data?.role;
  return (
    <>
      <h1>Settings</h1>
      <SecretsPanel role={role} />
      <EgressPanel admin={role === 'admin'} />
      <ConnectionsPanel />
    </>
  );
}
