'use client';
// Retries a failed or cancelled run: a new run that reuses the finished steps and runs the rest, from the step
// that failed or, for a cancelled run, the step that was interrupted (or had not started). Opens the new run
// when it has started.
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';

/** The button's words and what it does, per the status of the run it retries. */
export function retryWords(status: string): { label: string; help: string } {
  if (status === 'cancelled') {
    return { label: 'Resume where it stopped', help: 'a new run that reuses the steps that finished and runs the rest, from the step that was interrupted.' };
  }
  return { label: 'Retry from the failed step', help: 'a new run that reuses the steps that finished and runs the rest.' };
}

export function RetryButton({ runId, status }: { runId: string; status: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const retry = useMutation(trpc.run.retry.mutationOptions({ onSuccess: (run) => router.push(runHref(run.id)) }));
  const words = retryWords(status);
  return (
    <>
      <button
        type="button"
        onClick={() => retry.mutate({ id: runId })}
        disabled={retry.isPending || retry.isSuccess}
        title={`Start ${words.help}`}
      >
        {retry.isPending ? 'Retrying…' : retry.isSuccess ? 'Opening the retry…' : words.label}
      </button>
      {retry.isError && (
        <span className="error-text" role="alert">
          {retry.error.message}
        </span>
      )}
    </>
  );
}
