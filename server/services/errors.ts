// Service errors with a code the API maps to tRPC codes; never a bare Error for a user mistake.
import type { Diagnostic } from '../../dsl/diagnostics';

export type ServiceErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
  }
}
