'use client';
// Runs the same pipeline version again with the same params: a fresh run that starts from the first step
// (steps marked `cache: true` may still reuse earlier results). Opens the new run when it has started.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { RunView } from '../../_lib/api-types';
import { errorMessage } from '../../_lib/errors';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';

export function RunAgainButton({ run }: { run: Pick<RunView, 'pipelineName' | 'pipelineVersion' | 'params'> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const start = useMutation(trpc.run.start.mutationOptions({ onSuccess: (r) => router.push(runHref(r.id)) }));
  const params = (run.params ?? {}) as Record<string, unknown>;
  return (
    <>
      <button
        type="button"
        onClick={() =>
          start.mutate({ pipeline: run.pipelineName, version: run.pipelineVersion, ...(Object.keys(params).length > 0 && { params }) })
        }
        disabled={start.isPending || start.isSuccess}
        title={`Start a fresh run of ${run.pipelineName} v${run.pipelineVersion} with the same params`}
      >
        {start.isPending ? 'Starting…' : start.isSuccess ? 'Opening the new run…' : 'Run again'}
      </button>
      {start.isError && (
        <span className="error-text" role="alert">
          {errorMessage(start.error)}
        </span>
      )}
    </>
  );
}
