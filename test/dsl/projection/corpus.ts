// The DSL test corpus as (name, source) pairs: fixtures, the penguins example and every checker snippet.
import { readdirSync, readFileSync } from 'node:fs';
import { columnsCases } from '../cases/columns';
import { configCases } from '../cases/config';
import { envelopeCases } from '../cases/envelope';
import { gatesCases } from '../cases/gates';
import { graphCases } from '../cases/graph';
import { paramsCases } from '../cases/params';
import { severalCases } from '../cases/several';
import { head } from '../harness';

const dir = (rel: string) => new URL(rel, import.meta.url);

export const readFixture = (name: string) => readFileSync(dir(`./fixtures/${name}`), 'utf8');
export const penguinsSource = readFileSync(dir('../../../examples/penguins/pipeline.yaml'), 'utf8');

export function corpus(): { name: string; source: string }[] {
  const fixtures = readdirSync(dir('../fixtures/')).filter((f) => f.endsWith('.yaml'));
  const cases = [...envelopeCases, ...configCases, ...graphCases, ...paramsCases, ...columnsCases, ...gatesCases, ...severalCases];
  return [
    ...fixtures.map((f) => ({ name: `fixture ${f}`, source: readFileSync(dir(`../fixtures/${f}`), 'utf8') })),
    { name: 'examples/penguins', source: penguinsSource },
    { name: 'projection fixture commented.yaml', source: readFixture('commented.yaml') },
    { name: 'harness head', source: head },
    ...cases.map((c) => ({ name: `case: ${c.name}`, source: c.source })),
  ];
}
