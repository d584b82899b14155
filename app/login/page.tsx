// The sign-in page: a plain form posted to /auth/login (no script needed), which sets the session cookie
// and sends the browser back to the page it asked for.
import type { Metadata } from 'next';
import styles from './login.module.css';

export const metadata: Metadata = { title: 'Sign in' };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const q = await searchParams;
  const failed = one(q.error) === '1';
  const locked = one(q.error) === 'locked';
  // Seconds until the lock of the account (or the address) ends, as /auth/login said (server/auth/sign-in-limit.ts).
  const retryMinutes = Math.max(1, Math.ceil(Number(one(q.retry) ?? 900) / 60) || 15);
  const username = one(q.username) ?? '';
  return (
    <section className={styles.card} aria-labelledby="login-heading">
      <h1 id="login-heading">Sign in to Headrace</h1>
      {failed && (
        <p role="alert" id="login-error" className={styles.error}>
          Wrong username or password.
        </p>
      )}
      {locked && (
        <p role="alert" id="login-error" className={styles.error} data-testid="login-locked">
          Too many failed sign-ins: signing in is locked for {retryMinutes} {retryMinutes === 1 ? 'minute' : 'minutes'}. Try
          again then, or ask an admin to reset your password.
        </p>
      )}
      <form method="post" action="/auth/login" className={styles.form} aria-describedby={failed || locked ? 'login-error' : undefined}>
        <input type="hidden" name="next" value={one(q.next) ?? '/'} />
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required defaultValue={username} autoFocus={!username} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required autoFocus={!!username} aria-invalid={failed || undefined} />
        <button type="submit">Sign in</button>
      </form>
      <p className="muted small">
        Scripts and CI use API tokens: <code>headrace login</code> or <code>Authorization: Bearer hr_…</code>.
      </p>
    </section>
  );
}
