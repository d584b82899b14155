// `compare RUN RUN…`: runs side by side through the API (run.compare): the settings that differ between their
// training, preparation and evaluation steps, the table each model was trained on, every metric, and where each
// training curve ended (its last epoch's losses; the compare page draws the curves).
import { settingText } from '../../dsl/setting-text';
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, table } from '../output';
import type { Remote } from '../remote';
import { round } from './runs';


export async function compareCommand(ids: string[], opts: Remote): Promise<number> {
  const c = await connect(opts).run.compare.query({ ids });
  if (opts.json) {
    console.log(JSON.stringify(c, null, 2));
    return EXIT.ok;
  }
  const runIds = c.runs.map((r) => r.id);
  const header = ['', ...c.runs.map((r) => `${r.id.slice(0, 8)} ${r.pipeline} v${r.version}`)];
  console.log(table([header, ['status', ...c.runs.map((r) => r.status)]]));

  const settings: string[][] = [];
  for (const s of c.steps) {
    for (const key of s.differs) settings.push([`${s.stepId}.${key}`, ...runIds.map((id) => (s.config[id] === null ? '(no step)' : settingText(s.config[id]?.[key])))]);
    if (s.trainedOn && new Set(Object.values(s.trainedOn)).size > 1) {
      settings.push([`${s.stepId} trained on`, ...runIds.map((id) => s.trainedOn?.[id]?.slice(0, 12) ?? '—')]);
    }
  }
  console.log(`\n${bold('Differences')}`);
  console.log(settings.length ? table([header, ...settings]) : dim('the runs used the same settings and data'));

  if (c.metrics.length) {
    console.log(`\n${bold('Metrics')}`);
    console.log(table([header, ...c.metrics.map((m) => [`${m.stepId}.${m.name}`, ...runIds.map((id) => (m.values[id] === null ? '—' : String(round(m.values[id]!))))])]));
  }
  const trainSteps = [...new Set(c.curves.map((k) => k.stepId))];
  if (trainSteps.length) {
    console.log(`\n${bold('Training (last epoch)')}`);
    const rows = trainSteps.map((stepId) => [stepId, ...runIds.map((id) => {
      const last = c.curves.find((k) => k.runId === id && k.stepId === stepId)?.epochs.at(-1);
      if (!last) return '—';
      return `epoch ${last.epoch}: loss ${round(last.loss)}${last.valLoss !== null ? `, val ${round(last.valLoss)}` : ''}`;
    })]);
    console.log(table([header, ...rows]));
  }
  return EXIT.ok;
}
