'use client';
// Reproduces a finished run: the same version, params and seeds on the data versions it read (its ingest steps'
// tables, from the store, even where a file has changed since), every other step executed again. Opens the new run.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { RunView } from '../../_lib/api-types';
import { errorMessage } from '../../_lib/errors';
import { runHref } from '../../_lib/links';
import { useTRPC } from '../../_lib/trpc';

export function ReproduceButton({ run }: { run: Pick<RunView, 'id'> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const rerun = useMutation(trpc.run.rerun.mutationOptions({ onSuccess: (r) => router.push(runHref(r.id)) }));
  return (
    <>
      <button
        type="button"
        onClick={() => rerun.mutate({ id: run.id })}
        disabled={rerun.isPending || rerun.isSuccess}
        title="Run it again on the same data versions, read from the store, with the same settings and seeds"
      >
        {rerun.isPending ? 'Starting…' : rerun.isSuccess ? 'Opening the new run…' : 'Reproduce'}
      </button>
      {rerun.isError && (
        <span className="error-text" role="alert">
          {errorMessage(rerun.error)}
        </span>
      )}
    </>
  );
}
