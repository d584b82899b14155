// Cases of model.* for the API matrix (test/api/procedures.test.ts; shape in ./types.ts).
// Written by H1 to start the matrix; owned by the model router's owner (H2) from now on.
import { expect } from 'vitest';
import type { RouterCases } from './types';

export default {
  list: {
    role: 'viewer',
    bad: { input: { name: 42 }, field: 'name' },
    happy: (env) => ({ name: env.seed.model }),
    check: (result, env) => {
      expect(result.map((v: { version: number }) => v.version)).toContain(env.seed.modelVersion);
    },
  },
} satisfies RouterCases;
