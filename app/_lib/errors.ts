// What to tell a person about a failed API call: the field errors of bad input, else the message.
import { TRPCClientError } from '@trpc/client';

interface ErrorData {
  code?: string;
  httpStatus?: number;
  zod?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> };
}

export function errorData(error: unknown): ErrorData | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData | undefined) : undefined;
}

export function errorMessage(error: unknown): string {
  const zod = errorData(error)?.zod;
  if (zod) {
    const fields = Object.entries(zod.fieldErrors ?? {}).map(([k, v]) => `${k}: ${(v ?? []).join(', ')}`);
    const all = [...(zod.formErrors ?? []), ...fields];
    if (all.length > 0) return all.join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
