// Shared pieces of the checker cases.
import { yaml, type Expected } from '../harness';

export interface Case {
  name: string;
  source: string;
  expect: Expected[];
  params?: Record<string, unknown>;
}

export const split = yaml`
  split:
    uses: prepare.split
    in: { table: ingest.table }
`; // lines 11-13 after head

