// `headrace start`: the embedded platform on 127.0.0.1, then the example pipeline, followed step by step.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { openArtifactStore } from '../../server/artifacts/open';
import { loadConfig } from '../../server/config';
import { startRun } from '../../server/services/runs';
import { createHeadraceClient } from '../../server/api/client';
import { followRun } from '../follow';
import { bold, dim, green, red } from '../output';
import { demoEndpoints } from '../platform/endpoint-demo';
import { startPlatform } from '../platform/platform';

export async function startCommand(opts: { example?: string | false; web?: boolean; exitAfterExample?: boolean }): Promise<number> {
  const t0 = Date.now();
  const config = loadConfig();
  const log = (m: string) => console.log(dim(m));
  const platform = await startPlatform(config, { web: opts.web, log });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(dim(`\n${signal}: stopping…`));
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  console.log(`${bold('Headrace')} is up at ${platform.url} ${dim(`(${((Date.now() - t0) / 1000).toFixed(1)} s)`)}`);
  if (platform.temporalUiUrl) console.log(dim(`Temporal UI: ${platform.temporalUiUrl}`));
  console.log(dim(`Predict server: ${platform.serveUrl}`));

  let code = 0;
  const example = opts.example === false ? undefined : resolve(opts.example ?? 'examples/penguins/pipeline.yaml');
  if (example && existsSync(example)) {
    const run = await startRun(platform.svc, {
      source: await readFile(example, 'utf8'),
      baseDir: dirname(example),
      origin: relative(process.cwd(), example),
      author: 'local-admin',
    });
    console.log(`${bold(`run ${run.id}`)}: ${run.pipelineName} v${run.pipelineVersion} ${dim(`(${relative(process.cwd(), example)})`)}`);
    const done = await followRun(createHeadraceClient({ url: platform.url, token: platform.token }), run.id).catch((err: unknown) => {
      // Ctrl+C while following: the API is going away; the shutdown above ends the process.
      if (stopping) return new Promise<never>(() => {});
      throw err;
    });
    code = done.status === 'succeeded' ? 0 : 1;
    if (done.status === 'succeeded') {
      // What the example deployed answers on the predict server: one real prediction, and the curl line for it.
      const store = openArtifactStore(config);
      for (const d of await demoEndpoints({ db: platform.svc.db, store, serveUrl: platform.serveUrl }, run.id)) {
        if (d.answer) {
          const p = d.answer.probability === undefined ? '' : ` (${(d.answer.probability * 100).toFixed(1)}%)`;
          console.log(`${bold(`endpoint ${d.endpoint}`)} answers: ${d.answer.label}${p} from ${d.answer.model} v${d.answer.version} — try it:`);
        } else {
          console.log(red(`endpoint ${d.endpoint} did not answer: ${d.error}`));
          code = 1;
        }
        console.log(`  ${d.curl}`);
      }
    }
    console.log(dim(`see it at ${platform.url}/runs/${run.id} — ${((Date.now() - t0) / 1000).toFixed(1)} s since start`));
  }
  if (opts.exitAfterExample) {
    await platform.stop();
    return code;
  }
  console.log(green('ready') + dim(' — press Ctrl+C to stop'));
  await new Promise(() => {});
  return code;
}
