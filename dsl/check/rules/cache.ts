// `cache: true` where a cached result could not be trusted: a download (its content is known only once fetched), a
// database query (the same query may read other rows tomorrow).
import type { Rule } from '../rule';

const NOT_CACHED: Record<string, string> = {
  'ingest.http': "the server's content is known only once it is downloaded, so a cached table could be stale",
  'ingest.sql': 'the database may change under the same query, so a cached table could be stale',
};

export const cache: Rule = (ctx) => {
  for (const step of ctx.ast.steps) {
    const why = NOT_CACHED[step.uses?.value ?? ''];
    if (step.cache && why) ctx.report(step.cache.keyNode, `step '${step.id}': ${step.uses!.value} is not cached: ${why}; remove cache:`, 'cache');
  }
};
