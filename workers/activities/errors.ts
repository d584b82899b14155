// Errors that say whether to retry: bad config, bad data and unmet gates never get better by retrying.
import { ApplicationFailure } from '@temporalio/activity';

export type UserErrorType = 'BadConfig' | 'BadData' | 'ValidationFailed' | 'GateFailed' | 'Forbidden';

export function userError(type: UserErrorType, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}
