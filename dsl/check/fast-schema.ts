// The checker parses the envelope and every step's config on each compile. zod can compile a schema ahead of time
// into a generated parser (`z.compile`): valid input takes that fast path, anything else falls back to zod's own
// parser, so a diagnostic is built from the same issues as before. Compiled once per schema per process; where
// code generation is not allowed (a strict Content-Security-Policy), zod hands the schema back unchanged.
import { z } from 'zod';

const compiled = new WeakMap<z.ZodType, z.ZodType>();

export function fastSchema<T extends z.ZodType>(schema: T): T {
  let fast = compiled.get(schema);
  if (!fast) {
    fast = z.compile(schema);
    compiled.set(schema, fast);
  }
  return fast as T;
}
