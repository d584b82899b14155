// `runs [PIPELINE] [--trigger T] [--status S] [--limit N]`: the latest runs, newest first (run.list, page by page).
import type { RunStatus, RunTrigger } from '../../dsl/states';
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { dim, duration, table } from '../output';
import type { Remote } from '../remote';

type RunItem = Awaited<ReturnType<HeadraceClient['run']['list']['query']>>['items'][number];

/** run.list's largest page. */
const PAGE = 500;

export async function runsCommand(
  pipeline: string | undefined,
  opts: Remote & { trigger?: RunTrigger; status?: RunStatus; endpoint?: string; limit: number },
): Promise<number> {
  const client = connect(opts);
  const items: RunItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.run.list.query({ pipeline, trigger: opts.trigger, status: opts.status, endpoint: opts.endpoint, cursor, limit: Math.min(PAGE, opts.limit - items.length) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < opts.limit);
  if (opts.json) {
    console.log(JSON.stringify(items, null, 2));
    return EXIT.ok;
  }
  if (items.length === 0) {
    const filters = [pipeline && `pipeline ${pipeline}`, opts.trigger && `trigger ${opts.trigger}`, opts.status && `status ${opts.status}`, opts.endpoint && `endpoint ${opts.endpoint}`].filter(Boolean);
    console.log(`no runs${filters.length ? ` (${filters.join(', ')})` : ''}`);
    return EXIT.ok;
  }
  const rows = [['RUN', 'PIPELINE', 'STATUS', 'TRIGGER', 'BY', 'CREATED', 'DURATION']];
  for (const r of items) {
    const took = r.startedAt ? duration((r.finishedAt ? new Date(r.finishedAt) : new Date()).getTime() - new Date(r.startedAt).getTime()) : '';
    rows.push([r.id, `${r.pipelineName} v${r.pipelineVersion}`, r.status, r.trigger, r.createdBy, stamp(r.createdAt), took]);
  }
  console.log(table(rows));
  if (cursor) console.log(dim(`(the first ${items.length}; --limit N shows more)`));
  return EXIT.ok;
}

const stamp = (d: Date | string) => new Date(d).toISOString().replace('T', ' ').slice(0, 19);
