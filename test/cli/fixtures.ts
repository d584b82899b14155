// Small pipelines for the CLI tests, written into temporary folders.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Two steps, nothing read at compile time: enough for validate, apply and diff. */
export function tinyPipeline(name: string, description = 'CLI test pipeline'): string {
  return `headrace: 1
name: ${name}
description: ${description}
steps:
  ingest:
    uses: ingest.json
    with: { path: data/penguins.json }
  check:
    uses: validate.table
    in: { table: ingest.table }
    with: { minRows: 10 }
`;
}

/**
 * The penguins example as pipeline `name` registering model `name`, with its data copied into `dir` (runs read
 * the copy: relative paths resolve from the pipeline file's folder). Returns the source text.
 */
export function penguinsIn(dir: string, name: string): string {
  mkdirSync(join(dir, 'data'), { recursive: true });
  copyFileSync(resolve('examples/penguins/data/penguins.json'), join(dir, 'data/penguins.json'));
  return readFileSync(resolve('examples/penguins/pipeline.yaml'), 'utf8')
    .replace(/^name: penguins$/m, `name: ${name}`)
    .replace('name: penguins, stage', `name: ${name}, stage`);
}
