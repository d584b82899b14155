'use client';
// Retries a failed or cancelled run: a new run that reuses the finished steps and runs from the failed
// one. Opens the new run when it has started.
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';

export function RetryButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const retry = useMutation(trpc.run.retry.mutationOptions({ onSuccess: (run) => router.push(runHref(run.id)) }));
  return (
    <>
      <button
        type="button"
        onClick={() => retry.mutate({ id: runId })}
        disabled={retry.isPending || retry.isSuccess}
        title="Start a new run that reuses the steps that finished and runs the rest"
      >
        {retry.isPending ? 'Retrying…' : retry.isSuccess ? 'Opening the retry…' : 'Retry from the failed step'}
      </button>
      {retry.isError && (
        <span className="error-text" role="alert">
          {retry.error.message}
        </span>
      )}
    </>
  );
}
