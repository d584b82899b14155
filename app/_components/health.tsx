'use client';
// The platform's health in the header: a dot and `ok`, or `degraded: temporal restarting` while the launcher's
// supervisor restarts a component (docs/cli.md); polls `/healthz` (open without sign-in, cheap) every 5 seconds.
import { useQuery } from '@tanstack/react-query';
import { healthView, type Healthz } from '../_lib/health';
import styles from './nav.module.css';

const POLL_MS = 5000;

export function HealthIndicator() {
  const q = useQuery({
    queryKey: ['healthz'],
    queryFn: async (): Promise<Healthz> => {
      const res = await fetch('/healthz', { cache: 'no-store' });
      if (!res.ok) throw new Error(`GET /healthz: ${res.status}`);
      return (await res.json()) as Healthz;
    },
    refetchInterval: POLL_MS,
    retry: false,
  });
  const view = healthView(q.data, q.isError);
  if (!view) return null;
  return (
    <span className={`${styles.health} ${styles[view.tone]}`} data-testid="health" data-tone={view.tone} title={view.detail}>
      <span className={styles.dot} aria-hidden="true" />
      {view.label}
    </span>
  );
}
