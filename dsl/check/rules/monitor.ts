// A pipeline's `monitor:` section watches one endpoint: the one it names, else the one its deploy steps deploy
// to. Without either, or with deploy steps naming several endpoints and no choice, the section is an error at its
// key. (Its shape is checked against PipelineMonitorSection by the structure rule.)
import { DEPLOYING_KINDS, deployEndpoints } from '../../monitor';
import { asMap, entriesOf, findEntry, scalarValue } from '../../parse/nodes';
import type { Rule } from '../rule';

export const monitor: Rule = (ctx) => {
  const section = findEntry(ctx.ast.entries, 'monitor');
  if (!section) return;
  const entries = entriesOf(asMap(section.value, ctx.ast.doc), ctx.ast.doc);
  if (typeof scalarValue(findEntry(entries, 'endpoint')?.value) === 'string') return;
  const steps = ctx.ast.steps.map((s) => ({ uses: s.uses?.value ?? '', config: ctx.config(s).parsed }));
  const endpoints = deployEndpoints(steps);
  if (endpoints.length === 1) return;
  const kinds = DEPLOYING_KINDS.join(', ');
  ctx.report(
    section.keyNode,
    endpoints.length === 0
      ? `monitor: no step deploys to an endpoint (${kinds}): name the endpoint watched with \`endpoint:\``
      : `monitor: the pipeline deploys to ${endpoints.map((e) => `"${e}"`).join(' and ')}: name the endpoint watched with \`endpoint:\``,
    'monitor',
  );
};
