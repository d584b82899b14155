// Appends a bench's results to docs/benchmarks.md as a dated section: the command, the machine, the table.
import { appendFileSync, readFileSync } from 'node:fs';
import { machine } from './machine';
import { meetsGoal, ms, ratio, spread, type Figure } from './stats';

export const BENCHMARKS_MD = 'docs/benchmarks.md';

export function appendSection(opts: { title: string; command: string; extraMachine?: string; figures: Figure[]; notes: string[] }): void {
  const date = new Date().toISOString().slice(0, 10);
  const rows = opts.figures.map(
    (f) =>
      `| ${f.name} — ${f.what} | **${ms(f.ours.median)} ms** (${spread(f.ours)}) | ${ms(f.anchor.median)} ms — ${f.anchorWhat} (${spread(f.anchor)}) | ${ratio(f).toFixed(2)} | < ${f.goalMs} ms${f.goalOn === 'median' ? ' median' : ''}: ${meetsGoal(f) ? 'met' : '**missed**'} |`,
  );
  const text = [
    '',
    `## ${date} — ${opts.title}`,
    '',
    `Command: \`${opts.command}\` (the script wrote this section).`,
    '',
    `Machine: ${machine()}${opts.extraMachine ? `; ${opts.extraMachine}` : ''}.`,
    '',
    '| figure | ours (median) | anchor, same run (median) | ratio | goal |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...opts.notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  const current = readFileSync(BENCHMARKS_MD, 'utf8');
  appendFileSync(BENCHMARKS_MD, (current.endsWith('\n') ? '' : '\n') + text);
}
