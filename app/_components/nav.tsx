'use client';
// The header: product name and the three sections, the current one marked for screen readers too.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const sections = [
  { href: '/', label: 'Pipelines', match: (p: string) => p === '/' },
  { href: '/runs', label: 'Runs', match: (p: string) => p.startsWith('/runs') },
  { href: '/models', label: 'Models', match: (p: string) => p.startsWith('/models') },
  { href: '/pipelines/new', label: 'New pipeline', match: (p: string) => p === '/pipelines/new' },
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
    </header>
  );
}
