// The lint rules fire: each fence of the import table (eslint.config.js), floating promises and dropped errors,
// on small snippets linted by ESLint's Node API with the project's own config, as if they were files of the
// named folder. Snippets that keep to the rules get no message at all.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;

beforeAll(async () => {
  eslint = new ESLint({
    cwd: resolve('.'),
    // The snippets are not files on disk, so tsconfig's project does not hold them: the project service lints
    // them in its default project (for the type-aware promise rules). Everything else is the project's config.
    overrideConfig: {
      languageOptions: {
        parserOptions: {
          // One default-project file per snippet path; typescript-eslint allows 8 unless told.
          projectService: { allowDefaultProject: ['*/*.ts', '*/*/*.ts', '*/*/*/*.ts'], maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16 },
        },
      },
    },
  });
  // The first lint loads the TypeScript project (seconds on two cores): pay it here, under the hook's timeout.
  await eslint.lintText('export {};\n', { filePath: 'dsl/fence-check.ts' });
});

async function lint(filePath: string, code: string): Promise<{ ruleId: string | null; message: string; line: number }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map(({ ruleId, message, line }) => ({ ruleId, message, line }));
}

describe('dsl/ imports no Node built-ins and nothing of the runtime', () => {
  it('refuses each, at its line, saying why', async () => {
    const messages = await lint('dsl/fence-check.ts', [
      "import { readFileSync } from 'node:fs';",
      "import path from 'path';",
      "import ELK from 'elkjs/lib/elk.bundled.js';",
      "import { useState } from 'react';",
      "import { proxyActivities } from '@temporalio/workflow';",
      "import { eq } from 'drizzle-orm';",
      "import { startRun } from '../server/services/runs';",
      "import type { Harness } from '../test/helpers/harness';",
      "export * from '../workers/activities/kinds';",
      "export const ort = () => import('onnxruntime-node');",
      'export { readFileSync, path, ELK, useState, proxyActivities, eq, startRun, type Harness };',
    ].join('\n'));
    expect(messages.every((m) => m.ruleId === 'headrace/fences')).toBe(true);
    expect(messages.map((m) => [m.line, m.message.split(':')[0]])).toEqual([
      [1, 'dsl/ may not import the Node built-in "node'],
      [2, 'dsl/ may not import the Node built-in "path"'],
      [3, 'dsl/ may not import the package "elkjs" (only zod, yaml, @noble/hashes)'],
      [4, 'dsl/ may not import the package "react" (only zod, yaml, @noble/hashes)'],
      [5, 'dsl/ may not import the package "@temporalio/workflow" (only zod, yaml, @noble/hashes)'],
      [6, 'dsl/ may not import the package "drizzle-orm" (only zod, yaml, @noble/hashes)'],
      [7, 'dsl/ may not import server/ ("../server/services/runs")'],
      [8, 'dsl/ may not import test/ ("../test/helpers/harness")'],
      [9, 'dsl/ may not import workers/ ("../workers/activities/kinds")'],
      [10, 'dsl/ may not import the package "onnxruntime-node" (only zod, yaml, @noble/hashes)'],
    ]);
    expect(messages[0].message).toContain('runs in the browser, the server and the workflow sandbox');
  });

  it('lets it import its own folder and pure libraries', async () => {
    const messages = await lint('dsl/catalog/fence-check.ts', [
      "import { z } from 'zod';",
      "import { parseDocument } from 'yaml';",
      "import { sha256 } from '@noble/hashes/sha2.js';",
      "import type { Plan } from '../plan';",
      "import { TASK_QUEUES } from '../states';",
      'export { z, parseDocument, sha256, TASK_QUEUES, type Plan };',
    ].join('\n'));
    expect(messages).toEqual([]);
  });
});

describe('workers/workflows/ imports no I/O and no Node built-ins', () => {
  it('refuses Node, the database, activity code and other packages', async () => {
    const messages = await lint('workers/workflows/fence-check.ts', [
      "import { readFile } from 'node:fs/promises';",
      "import { upsertStepRun } from '../../server/db/repo/runs';",
      "import { stepActivity } from '../activities/step';",
      "import { Context } from '@temporalio/activity';",
      "import { readTable } from '../compute/data/table';",
      'export { readFile, upsertStepRun, stepActivity, Context, readTable };',
    ].join('\n'));
    expect(messages.map((m) => [m.ruleId, m.line, m.message.split(':')[0]])).toEqual([
      ['headrace/fences', 1, 'workers/workflows/ may not import the Node built-in "node'],
      ['headrace/fences', 2, 'workers/workflows/ may not import server/ ("../../server/db/repo/runs")'],
      ['headrace/fences', 3, 'workers/workflows/ may import only types from workers/activities/ ("../activities/step")'],
      ['headrace/fences', 4, 'workers/workflows/ may not import the package "@temporalio/activity" (only @temporalio/workflow)'],
      ['headrace/fences', 5, 'workers/workflows/ may not import workers/ ("../compute/data/table")'],
    ]);
    expect(messages[1].message).toContain('no I/O, no Node built-ins');
  });

  it('lets it import dsl/, the contract, its folder, @temporalio/workflow and activity types', async () => {
    const messages = await lint('workers/workflows/executors/fence-check.ts', [
      "import { proxyActivities } from '@temporalio/workflow';",
      "import type { ActivityFailure } from '@temporalio/common';",
      "import type { Plan } from '../../../dsl/plan';",
      "import { PIPELINE_RUN } from '../../../server/temporal/contract';",
      "import type { KindImpl } from '../../activities/kinds';",
      "import { type StepContext } from '../../activities/step';",
      "import type { StepInput } from '../types';",
      'export { proxyActivities, PIPELINE_RUN, type ActivityFailure, type Plan, type KindImpl, type StepContext, type StepInput };',
    ].join('\n'));
    expect(messages).toEqual([]);
  });
});

describe('server/ never imports workers/, app/ or cli/', () => {
  it('refuses each, types included', async () => {
    const messages = await lint('server/services/fence-check.ts', [
      "import { createActivities } from '../../workers/activities';",
      "import type { StepResult } from '../../workers/workflows/types';",
      "import { formatDuration } from '../../app/_lib/format';",
      "import { main } from '../../cli/main';",
      "import { readFile } from 'node:fs/promises';",
      "import { runWorkflowId } from '../temporal/contract';",
      'export { createActivities, formatDuration, main, readFile, runWorkflowId, type StepResult };',
    ].join('\n'));
    expect(messages.map((m) => [m.ruleId, m.line, m.message.split(':')[0]])).toEqual([
      ['headrace/fences', 1, 'server/ may not import workers/ ("../../workers/activities")'],
      ['headrace/fences', 2, 'server/ may not import workers/ ("../../workers/workflows/types")'],
      ['headrace/fences', 3, 'server/ may not import app/ ("../../app/_lib/format")'],
      ['headrace/fences', 4, 'server/ may not import cli/ ("../../cli/main")'],
    ]);
    expect(messages[0].message).toContain('through server/temporal/contract');
  });

  it('keeps server/layout.ts, which the web app bundles, to elkjs and dsl/', async () => {
    const messages = await lint('server/layout/fence-check.ts', [
      "import { readFileSync } from 'node:fs';",
      "import { openDatabase } from '../db/client';",
      "import type ELK from 'elkjs/lib/elk.bundled.js';",
      "import type { Positions } from '../../dsl/projection/types';",
      'export { readFileSync, openDatabase, type ELK, type Positions };',
    ].join('\n'));
    expect(messages.map((m) => [m.ruleId, m.line, m.message.split(':')[0]])).toEqual([
      ['headrace/fences', 1, 'server/layout/ may not import the Node built-in "node'],
      ['headrace/fences', 2, 'server/layout/ may not import server/ ("../db/client")'],
    ]);
  });
});

describe('workers/ reaches server/ only for storage and the workflow contract', () => {
  it('refuses the API, the services and the CLI, and takes the database, the store and the contract', async () => {
    const messages = await lint('workers/activities/fence-check.ts', [
      "import { startRun } from '../../server/services/runs';",
      "import { appRouter } from '../../server/api/root';",
      "import { main } from '../../cli/main';",
      "import { upsertStepRun } from '../../server/db/repo/runs';",
      "import type { ArtifactStore } from '../../server/artifacts/store';",
      "import { PIPELINE_TASK_QUEUE } from '../../server/temporal/contract';",
      'export { startRun, appRouter, main, upsertStepRun, PIPELINE_TASK_QUEUE, type ArtifactStore };',
    ].join('\n'));
    expect(messages.map((m) => [m.ruleId, m.line, m.message.split(':')[0]])).toEqual([
      ['headrace/fences', 1, 'workers/ may not import server/ ("../../server/services/runs")'],
      ['headrace/fences', 2, 'workers/ may not import server/ ("../../server/api/root")'],
      ['headrace/fences', 3, 'workers/ may not import cli/ ("../../cli/main")'],
    ]);
  });
});

describe('app/ imports dsl/ and server types only', () => {
  it('refuses server values and workers/, and takes server types', async () => {
    const messages = await lint('app/_lib/fence-check.ts', [
      "import type { AppRouter } from '../../server/api/root';",
      "import { createRun } from '../../server/db/repo/runs';",
      "import { createWorker } from '../../workers/worker';",
      "import { parsePipeline } from '../../dsl';",
      "import { layoutGraph } from '../../server/layout';",
      'export { createRun, createWorker, parsePipeline, layoutGraph, type AppRouter };',
    ].join('\n'));
    expect(messages.map((m) => [m.ruleId, m.line, m.message.split(':')[0]])).toEqual([
      ['headrace/fences', 2, 'app/ may import only types from server/ ("../../server/db/repo/runs")'],
      ['headrace/fences', 3, 'app/ may not import workers/ ("../../workers/worker")'],
    ]);
  });
});

describe('promises are awaited or let go on purpose; errors are not dropped silently', () => {
  it('refuses a floating promise, a misused one and an empty catch handler', async () => {
    const messages = await lint('cli/fence-check.ts', [
      'async function save(): Promise<number> { return 1; }',
      'export function run(): void {',
      '  save();',
      '  [1, 2].forEach(async () => { await save(); });',
      '  save().catch(() => {});',
      '}',
    ].join('\n'));
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['@typescript-eslint/no-floating-promises', 3],
      ['@typescript-eslint/no-misused-promises', 4],
      ['no-restricted-syntax', 5],
    ]);
    expect(messages[2].message).toContain('says why in a comment and is logged');
  });

  it('accepts awaited promises and a promise let go with void', async () => {
    const messages = await lint('cli/fence-check.ts', [
      'async function save(): Promise<number> { return 1; }',
      'export async function run(): Promise<void> {',
      '  await save();',
      '  // Fire and forget: the result is reported by save() itself.',
      '  void save();',
      "  await save().catch((err: unknown) => console.error('save failed:', err));",
      '}',
    ].join('\n'));
    expect(messages).toEqual([]);
  });
});
