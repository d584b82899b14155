'use client';
// On a version's page: the endpoints whose current deployment serves (or shadows) it, linked to their pages.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../_lib/trpc';
import { endpointHref } from './variants';

export function ServingEndpoints({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.endpoint.list.queryOptions(undefined, { staleTime: 10_000 }));
  const serving = (q.data ?? []).flatMap((e) => (e.current?.variants ?? []).filter((v) => v.modelVersionId === versionId).map((v) => ({ endpoint: e.name, variant: v })));
  if (serving.length === 0) return null;
  return (
    <p className="small" data-testid="version-endpoints">
      Serving on{' '}
      {serving.map(({ endpoint, variant }, i) => (
        <span key={`${endpoint}-${variant.name}`}>
          {i > 0 && ', '}
          <Link href={endpointHref(endpoint)} aria-label={`Endpoint ${endpoint}`}>
            {endpoint}
          </Link>{' '}
          <span className="muted">
            ({variant.role}, {variant.weight} %{variant.role === 'shadow' ? ' of requests copied' : ''})
          </span>
        </span>
      ))}
    </p>
  );
}
