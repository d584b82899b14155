// `logs RUN [--step ID] [--follow]`: a run's log lines, read page by page with the API's cursor. With --follow it
// keeps polling until the run ends and then exits with the run's outcome, so a script can `logs --follow` a run
// another job started.
import type { HeadraceClient } from '../../server/api/client';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { outcome, terminal } from '../follow';
import { bold, dim, red, stateLabel, yellow } from '../output';
import type { Remote } from '../remote';

type LogLine = Awaited<ReturnType<HeadraceClient['run']['logs']['query']>>['lines'][number];

const PAGE = 500;

export async function logsCommand(
  id: string,
  opts: Remote & { step?: string; follow?: boolean },
  intervalMs = 500,
): Promise<number> {
  const client = connect(opts);
  // --json: one JSON object per line (NDJSON), so a consumer can read lines as they come.
  const print = opts.json ? (l: LogLine) => console.log(JSON.stringify(l)) : (l: LogLine) => console.log(formatLine(l));
  let after: number | undefined;
  for (;;) {
    const page = await client.run.logs.query({ id, step: opts.step, after, limit: PAGE });
    page.lines.forEach(print);
    after = page.nextCursor ?? after;
    if (page.lines.length === PAGE) continue; // more are waiting: read them before sleeping
    if (!opts.follow) return EXIT.ok;
    // The status was read before the lines, so once it is terminal no line can be missing.
    if (terminal.has(page.runStatus)) {
      if (!opts.json) console.error(`${bold(`run ${id}`)} ${stateLabel(page.runStatus)}`);
      return outcome(page.runStatus);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** `HH:MM:SS.mmm STEP[#ATTEMPT] LEVEL MESSAGE`, in UTC like the server's timestamps. */
export function formatLine(l: LogLine): string {
  const time = new Date(l.at).toISOString().slice(11, 23);
  const step = l.attempt > 1 ? `${l.stepId}#${l.attempt}` : l.stepId;
  const level = l.level === 'error' ? red(l.level.padEnd(5)) : l.level === 'warn' ? yellow(l.level.padEnd(5)) : dim(l.level.padEnd(5));
  return `${dim(time)} ${step.padEnd(14)} ${level} ${l.message}`;
}
