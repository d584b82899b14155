// What to tell a person about a failed API call: the server's message, which for bad input is already one
// sentence naming the field (zod's own per-field texts stay in data.zod, for code, not for people).
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
  return error instanceof Error ? error.message : String(error);
}
