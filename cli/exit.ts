// The CLI's exit codes, and how any error thrown by a command maps to one (and to a message a person can act on).
import { CommanderError } from 'commander';
import { TRPCClientError } from '@trpc/client';

/** Documented in docs/cli.md; CI scripts branch on these. */
export const EXIT = {
  /** Done; what was checked passed. */
  ok: 0,
  /** What was checked failed: an invalid pipeline, a failed or cancelled run, a difference found. */
  failed: 1,
  /** The command could not do its job: bad arguments, server unreachable, a request the server refused. */
  usage: 2,
  /** The server refused the credentials (UNAUTHORIZED) or the role (FORBIDDEN). */
  auth: 3,
} as const;

/** A mistake in how the command was called, found by the CLI itself (a missing file, a malformed --param). */
export class UsageError extends Error {}

export interface ClassifiedError {
  exit: number;
  /** The API's error code (`FORBIDDEN`, `NOT_FOUND`, …), `UNREACHABLE`, or `USAGE`. */
  code: string;
  message: string;
}

export function classify(err: unknown, url?: string): ClassifiedError {
  if (err instanceof CommanderError) return { exit: err.exitCode === 0 ? EXIT.ok : EXIT.usage, code: 'USAGE', message: err.message };
  if (err instanceof UsageError) return { exit: EXIT.usage, code: 'USAGE', message: err.message };
  if (err instanceof TRPCClientError) {
    const code = (err.data as { code?: string } | undefined)?.code;
    if (!code) {
      // No tRPC error body: the request never reached the API (refused, DNS, not a Headrace server).
      const root = (err.cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
      const reason = root?.code ?? root?.message ?? err.message;
      return { exit: EXIT.usage, code: 'UNREACHABLE', message: `cannot reach the Headrace API${url ? ` at ${url}` : ''}: ${reason}` };
    }
    const auth = code === 'UNAUTHORIZED' || code === 'FORBIDDEN';
    const hint = code === 'UNAUTHORIZED' ? ' (pass --token, set HEADRACE_TOKEN or run `headrace login`)' : '';
    const data = err.data as { path?: string; zod?: ZodIssues } | undefined;
    // An input the API's schema refused: one sentence naming the procedure and the field.
    if (data?.zod) return { exit: EXIT.usage, code, message: `${data.path ? `${data.path}: ` : ''}${inputSentence(err.message, data.zod)}` };
    return { exit: auth ? EXIT.auth : EXIT.usage, code, message: `${code}: ${err.message}${hint}` };
  }
  const e = err as { message?: string; code?: string };
  return { exit: EXIT.usage, code: e.code ?? 'ERROR', message: e.message ?? String(err) };
}

interface ZodIssues { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> }

/** The server's sentence; from a server that still sends zod's JSON dump as the message, the first field's error. */
function inputSentence(message: string, zod: ZodIssues): string {
  if (!message.trimStart().startsWith('[')) return message;
  const [field, errors] = Object.entries(zod.fieldErrors ?? {}).find(([, v]) => v?.length) ?? [];
  if (field && errors) return `${field}: ${errors[0]}`;
  return zod.formErrors?.[0] ?? 'invalid input';
}
