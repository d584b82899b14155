// Next.js config for the Headrace web app (app/). The launcher builds it with `next build` and
// serves it from its own HTTP server, next to the tRPC API at /api/trpc.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The project runs `tsc` itself; the build only bundles.
  // Builds started by the launcher use their own tsconfig (extending the project's), because Next adds its
  // build folder's types to the tsconfig it is given and the project's must not change with every build.
  typescript: { ignoreBuildErrors: true, tsconfigPath: process.env.HEADRACE_NEXT_TSCONFIG || 'tsconfig.json' },
  poweredByHeader: false,
  // One folder per source hash, chosen by the launcher (cli/platform/web.ts); plain `next build` uses .next.
  distDir: process.env.HEADRACE_NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  // One package-lock at the repo root: pin the root so Next does not guess a workspace above it.
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
