// When each step ran, on one time axis from the run's start: a row per step in plan order, a bar per
// attempt (earlier attempts faded), a running attempt's bar growing to `now` while the page polls.
import type { StepRun } from '../../_lib/api-types';
import { formatDuration } from '../../_lib/format';
import { STEP_STATUSES } from '../../../dsl/states';
import type { StepState, StepView } from '../../_lib/step-state';
import './timeline.css';

type Time = Date | string | null | undefined;

interface RunTimes {
  status: string;
  startedAt: Time;
  finishedAt: Time;
}

interface Segment {
  attempt: number;
  state: StepState;
  start: number;
  end: number;
  latest: boolean;
}

function ms(t: Time): number | undefined {
  if (!t) return undefined;
  const v = new Date(t).getTime();
  return Number.isFinite(v) ? v : undefined;
}

const ATTEMPT_STATES = new Set<string>(STEP_STATUSES);

/** The attempts of every step as [start, end] spans; an attempt with no end runs to `openEnd`. */
function segmentsOf(view: StepView<StepRun>, openEnd: number): Segment[] {
  const n = view.attempts.length;
  return view.attempts.flatMap((r, i) => {
    const start = ms(r.startedAt);
    if (start === undefined) return [];
    const latest = i === n - 1;
    const end = ms(r.finishedAt) ?? (r.durationMs != null ? start + r.durationMs : Math.max(start, openEnd));
    // The latest attempt shows the step's state (which settles a "running" row left in a finished run);
    // an earlier one its own.
    const state = latest ? view.state : ATTEMPT_STATES.has(r.status) ? (r.status as StepState) : 'pending';
    return [{ attempt: r.attempt, state, start, end: Math.max(start, end), latest }];
  });
}

/** A duration for a bar's label: "4 ms", "0.19 s", "4.20 s", "12.3 s", "2 m 05 s". */
function spanText(d: number): string {
  if (d < 100) return `${Math.round(d)} ms`;
  if (d < 10_000) return `${(d / 1000).toFixed(2)} s`;
  if (d < 60_000) return `${(d / 1000).toFixed(1)} s`;
  return formatDuration(d);
}

/** About `want` round tick steps (1, 2, 5 × 10^k ms) across `total`. */
function tickStep(total: number, want = 5): number {
  const raw = Math.max(total, 1) / want;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/** One unit for the whole axis, picked by its length: "250 ms", "1.5 s", "40 s", "2:30". */
function tickText(t: number, step: number, total: number): string {
  if (t === 0) return '0';
  if (total < 1000) return `${Math.round(t)} ms`;
  if (total < 120_000) return `${(t / 1000).toFixed(step < 100 ? 2 : step < 1000 ? 1 : 0)} s`;
  const s = Math.round(t / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
}

const pct = (v: number) => `${(v * 100).toFixed(3)}%`;

/** The run a cached step's outputs came from (recorded by the retry in the step's summary). */
function cachedFrom(row: StepRun | undefined): string | undefined {
  const from = (row?.summary as { cachedFrom?: { runId?: string } } | null | undefined)?.cachedFrom;
  return typeof from?.runId === 'string' ? from.runId : undefined;
}

export function Timeline({ views, run, now }: { views: StepView<StepRun>[]; run: RunTimes; now: number }) {
  const active = run.status === 'queued' || run.status === 'running';
  const attemptStarts = views.flatMap((v) => v.attempts.map((r) => ms(r.startedAt) ?? Infinity));
  const runStart = ms(run.startedAt);
  const origin = Math.min(runStart ?? Infinity, ...attemptStarts);
  const ran = Number.isFinite(origin);
  // Open attempts run to now while the run is active, else to the run's end.
  const runEnd = ms(run.finishedAt);
  const openEnd = active ? now : (runEnd ?? now);
  const rows = views.map((v) => ({ view: v, segs: ran ? segmentsOf(v, openEnd) : [] }));
  const lastEnd = Math.max(origin, ...rows.flatMap((r) => r.segs.map((s) => s.end)));
  const end = active ? Math.max(now, lastEnd) : Math.max(runEnd ?? lastEnd, lastEnd);
  const total = ran ? Math.max(1, end - origin) : 0;
  const step = tickStep(total);
  const ticks: number[] = [];
  if (ran) for (let t = 0; t <= total + 1e-9 && ticks.length < 12; t += step) ticks.push(t);
  const started = rows.filter((r) => r.segs.length > 0).length;

  return (
    <figure className="timeline" data-testid="timeline" aria-labelledby="timeline-caption">
      <figcaption id="timeline-caption" className="timeline-caption">
        <strong>Timeline</strong>
        <span className="muted small">
          {ran ? (
            <>
              {' '}
              · {started} of {views.length} steps ran · {active ? 'running for ' : 'total '}
              <span className="timeline-total" data-testid="timeline-total">
                {formatDuration(total)}
              </span>
            </>
          ) : (
            ' · no step has started yet'
          )}
        </span>
      </figcaption>
      <div className="timeline-box">
        <div className="timeline-axis" aria-hidden="true">
          <span className="timeline-label" />
          <span className="timeline-track">
            {ticks.map((t, i) => (
              <span
                key={t}
                className={`timeline-tick${i === 0 ? ' first' : t / total > 0.94 ? ' last' : ''}`}
                style={{ left: pct(t / total) }}
              >
                {tickText(t, step, total)}
              </span>
            ))}
          </span>
        </div>
        <div className="timeline-body">
          <div className="timeline-grid" aria-hidden="true">
            <span className="timeline-label" />
            <span className="timeline-track">
              {ticks.map((t) => (
                <span key={t} className="timeline-gridline" style={{ left: pct(t / total) }} />
              ))}
            </span>
          </div>
          <ol className="timeline-rows">
            {rows.map(({ view, segs }) => (
              <li key={view.step.id} className="timeline-row" data-state={view.state}>
                <span className="timeline-label" title={view.step.id}>
                  {view.step.id}
                </span>
                <span className="timeline-track">
                  {segs.length === 0 && view.state === 'cached' && (
                    <span className="timeline-cached" data-step={view.step.id} data-state="cached">
                      cached{cachedFrom(view.latest) ? ` · reused from run ${cachedFrom(view.latest)!.slice(0, 8)}` : ''}
                    </span>
                  )}
                  {segs.length === 0 && view.state !== 'cached' && <span className="visually-hidden">{`${view.step.id}: ${view.state}, did not run`}</span>}
                  {segs.map((s) => {
                    const label = `${view.step.id}: ${s.state}, ${spanText(s.end - s.start)}, attempt ${s.attempt}`;
                    return (
                      <span
                        key={s.attempt}
                        role="img"
                        aria-label={label}
                        title={label}
                        data-step={view.step.id}
                        data-attempt={s.attempt}
                        data-state={s.state}
                        className={`timeline-bar state-${s.state}${s.latest ? '' : ' timeline-bar-earlier'}`}
                        style={{ left: pct((s.start - origin) / total), width: pct((s.end - s.start) / total) }}
                      />
                    );
                  })}
                </span>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </figure>
  );
}
