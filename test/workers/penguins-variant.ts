// The penguins example pipeline renamed, for the deploy tests: its model registered under the new name, its last
// step replaced, trained well or barely, and with its accuracy gate lowered when a weak model must register too.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'vitest';

export const penguinsDir = resolve('examples/penguins');
const penguins = readFileSync(resolve(penguinsDir, 'pipeline.yaml'), 'utf8');

export interface VariantOptions {
  /** The step that replaces the example's `deploy:` (YAML indented 2, from `  deploy:`). */
  deploy: string;
  /** One epoch at a tiny learning rate: a model much worse than the example's (default false). */
  weak?: boolean;
  /** The evaluate step's gate set to 0, so that a weak model registers too (default false). */
  noGate?: boolean;
}

export function penguinsVariant(name: string, o: VariantOptions): string {
  let source = penguins
    .replace('name: penguins\n', `name: ${name}\n`)
    .replace('with: { name: penguins, stage: staging', `with: { name: ${name}, stage: staging`)
    .replace(/ {2}deploy:\n[\s\S]*$/, o.deploy);
  if (o.noGate) source = source.replace('default: 0.9', 'default: 0');
  if (o.weak) source = source.replace('epochs: 200', 'epochs: 1').replace('learningRate: 0.1', 'learningRate: 0.00001');
  expect(source).toContain(`name: ${name}\n`);
  expect(source).toContain(o.deploy);
  return source;
}

/** A deploy.endpoint step serving the registered version at `endpoint`. */
export const endpointStep = (endpoint: string) =>
  `  deploy:\n    uses: deploy.endpoint\n    in: { version: register.version }\n    with: { endpoint: ${endpoint} }\n`;
