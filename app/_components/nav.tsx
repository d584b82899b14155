'use client';
// The header: product name and the sections, the current one marked for screen readers too; on the right, who
// is signed in, with which role, and Sign out (a form post to /auth/logout, which ends the session); before it,
// the platform's health (health.tsx: ok, or degraded naming the component the launcher is restarting).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTRPC } from '../_lib/trpc';
import { HealthIndicator } from './health';
import styles from './nav.module.css';

const sections = [
  { href: '/', label: 'Pipelines', match: (p: string) => p === '/' },
  { href: '/runs', label: 'Runs', match: (p: string) => p.startsWith('/runs') },
  { href: '/models', label: 'Models', match: (p: string) => p.startsWith('/models') },
  { href: '/datasets', label: 'Datasets', match: (p: string) => p.startsWith('/datasets') || p.startsWith('/lineage') },
  { href: '/endpoints', label: 'Endpoints', match: (p: string) => p.startsWith('/endpoints') },
  { href: '/pipelines/new', label: 'New pipeline', match: (p: string) => p === '/pipelines/new' },
  { href: '/settings', label: 'Settings', match: (p: string) => p.startsWith('/settings') },
];

export function Nav() {
  const pathname = usePathname() ?? '/';
  return (
    <header className="topbar">
      <Link href="/" className="brand" aria-label="Headrace home">
        <span className="brand-mark" aria-hidden="true">⟿</span> Headrace
      </Link>
      <nav aria-label="Main">
        <ul>
          {sections.map((s) => (
            <li key={s.href}>
              <Link href={s.href} aria-current={s.match(pathname) ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <HealthIndicator />
      {pathname !== '/login' && <Session />}
    </header>
  );
}

/** Signed in as NAME (role) and Sign out; the local admin of a platform without sign-in has nothing to sign out of. */
function Session() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { retry: false, staleTime: 60_000 }));
  if (!me.data) return null;
  const { username, role, via } = me.data;
  return (
    <div className={styles.session} data-testid="session">
      {via === 'loopback' ? (
        <span title="This platform runs without sign-in: whoever reaches it on this machine is its admin">
          Local use, no sign-in · <span className={styles.role} data-testid="session-role">{role}</span>
        </span>
      ) : (
        <span>
          <span className={styles.signedIn}>Signed in as </span><strong data-testid="session-user">{username}</strong>{' '}
          <span className={styles.role} data-testid="session-role" title={ROLE_HINT[role]}>
            {role}
          </span>
        </span>
      )}
      {via === 'session' && (
        <form method="post" action="/auth/logout" className={styles.signOut}>
          <button type="submit">Sign out</button>
        </form>
      )}
    </div>
  );
}

const ROLE_HINT: Record<string, string> = {
  viewer: 'Can read pipelines, runs and models',
  editor: 'Can also save and run pipelines, and approve steps',
  admin: 'Can do everything, including managing users and tokens',
};
