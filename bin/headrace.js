#!/usr/bin/env node
// The `headrace` command: the CLI's TypeScript bundled by esbuild (bin/cli-bundle.mjs: made on first use, remade
// when a source changed), or, where no bundle can be made or HEADRACE_CLI_TSX=1, through tsx's loader.
import { pathToFileURL } from 'node:url';
import { cliEntry } from './cli-bundle.mjs';

const entry = process.env.HEADRACE_CLI_TSX === '1' ? undefined : await cliEntry();
if (entry) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
