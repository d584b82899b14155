'use client';
// The runs list's filter: pipeline, status and trigger, kept in the address (?pipeline=&status=&trigger=)
// so a filtered list can be linked to and survives a reload.
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { RUN_STATUSES, RUN_TRIGGERS } from '../../dsl/states';
import { useTRPC } from '../_lib/trpc';
import styles from './runs.module.css';

export interface RunsFilterValue {
  pipeline?: string;
  status?: string;
  trigger?: string;
}

export function RunsFilter({ value }: { value: RunsFilterValue }) {
  const trpc = useTRPC();
  const router = useRouter();
  const path = usePathname();
  const pipelines = useQuery(trpc.pipeline.list.queryOptions());
  // The choices made here, at once: the page's props follow only when the navigation lands.
  const [chosen, setChosen] = useState(value);
  const { pipeline, status, trigger } = value;
  useEffect(() => setChosen({ pipeline, status, trigger }), [pipeline, status, trigger]);
  const names = [...new Set([...(pipelines.data ?? []).map((p) => p.name), ...(chosen.pipeline ? [chosen.pipeline] : [])])].sort();
  const go = (next: RunsFilterValue) => {
    setChosen(next);
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) qs.set(k, v);
    router.replace(qs.size > 0 ? `${path}?${qs}` : path);
  };
  const set = (key: keyof RunsFilterValue, v: string) => go({ ...chosen, [key]: v || undefined });
  const any = Boolean(chosen.pipeline || chosen.status || chosen.trigger);
  return (
    <form className={styles.filter} role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
      <label>
        Pipeline
        <select value={chosen.pipeline ?? ''} onChange={(e) => set('pipeline', e.target.value)}>
          <option value="">any</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select value={chosen.status ?? ''} onChange={(e) => set('status', e.target.value)}>
          <option value="">any</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Trigger
        <select value={chosen.trigger ?? ''} onChange={(e) => set('trigger', e.target.value)}>
          <option value="">any</option>
          {RUN_TRIGGERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      {any && (
        <button type="button" onClick={() => go({})}>
          Clear
        </button>
      )}
    </form>
  );
}
