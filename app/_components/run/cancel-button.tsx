'use client';
// Asks Temporal to cancel the run; the run page shows the outcome when the workflow records it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';

export function CancelButton({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(
    trpc.run.cancel.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.run.get.queryKey({ id: runId }) }),
    }),
  );
  const requested = cancel.isSuccess;
  return (
    <>
      <button type="button" className="danger" onClick={() => cancel.mutate({ id: runId })} disabled={cancel.isPending || requested}>
        {cancel.isPending ? 'Cancelling…' : requested ? 'Cancel requested' : 'Cancel run'}
      </button>
      {cancel.isError && (
        <span className="error-text" role="alert">
          {cancel.error.message}
        </span>
      )}
    </>
  );
}
