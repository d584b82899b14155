// The shell of every page: header navigation and the data providers.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Nav } from './_components/nav';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Headrace', template: '%s · Headrace' },
  description: 'Pipelines, runs and models of this Headrace platform.',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>
          <Nav />
          <main className="page">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
