// The `headrace` command line: offline language tools, the embedded launcher, and API clients.
import { Command, Option } from 'commander';
import { compileCommand, parseParams, validateCommand } from './commands/offline';
import { cancelCommand, modelsCommand, runCommand, statusCommand } from './commands/remote';

const program = new Command('headrace').description('Headrace: typed ML pipelines on Temporal').showHelpAfterError();
const collect = (v: string, prev: string[]) => [...prev, v];
const remote = (c: Command) =>
  c.option('--url <url>', 'server URL (env HEADRACE_URL)').option('--token <token>', 'API token (env HEADRACE_TOKEN)').option('--json', 'machine-readable output');

program.command('validate').argument('<paths...>', 'pipeline files or folders').description('check pipelines offline; exit 1 on any error')
  .action(async (paths: string[]) => exit(await validateCommand(paths)));

program.command('compile').argument('<file>').description('print the Plan (JSON) a pipeline compiles to')
  .option('--param <k=v>', 'override a param', collect, [])
  .action(async (file: string, o: { param: string[] }) => exit(await compileCommand(file, parseParams(o.param))));

remote(program.command('run').argument('<target>', 'a pipeline file or the name of a saved pipeline').description('start a run'))
  .option('--param <k=v>', 'override a param', collect, [])
  .option('--wait', 'follow the run; exit 0 when it succeeds, 1 when it fails')
  .action(async (target: string, o) => exit(await runCommand(target, { ...o, params: parseParams(o.param) })));

remote(program.command('status').argument('<run>', 'run id').description('a run and its steps'))
  .action(async (id: string, o) => exit(await statusCommand(id, o)));

remote(program.command('cancel').argument('<run>', 'run id').description('cancel a run'))
  .action(async (id: string, o) => exit(await cancelCommand(id, o)));

remote(program.command('models').argument('[name]', 'a model name').description('the model registry'))
  .action(async (name: string | undefined, o) => exit(await modelsCommand(name, o)));

program.command('start').description('start the embedded platform on 127.0.0.1 and run the example')
  .option('--example <file>', 'pipeline to run once started', 'examples/penguins/pipeline.yaml')
  .option('--no-example', 'run nothing')
  .option('--no-web', 'serve the API only (skip the Next.js app)')
  .option('--exit-after-example', 'stop once the example run ends; exit code = its outcome')
  .action(async (o) => {
    const { startCommand } = await import('./commands/start');
    exit(await startCommand({ example: o.example, web: o.web, exitAfterExample: o.exitAfterExample }));
  });

program.command('worker').description('run a worker for a task queue')
  .addOption(new Option('--queue <queue>', 'task queue').choices(['cpu', 'gpu']).default('cpu'))
  .action(async (o: { queue: 'cpu' | 'gpu' }) => {
    const { workerCommand } = await import('./commands/worker');
    exit(await workerCommand(o));
  });

program.command('setup').description('obtain the Temporal CLI (pinned, cached per user)')
  .action(async () => {
    const { ensureTemporalCli } = await import('../server/temporal/cli-binary');
    const r = await ensureTemporalCli(console.log);
    console.log(`temporal: ${r.path} (route: ${r.route}, ${r.ms} ms)`);
  });

program.command('build-web').description('build the Next.js app if its sources changed')
  .action(async () => {
    const { ensureWebBuild } = await import('./platform/web');
    console.log((await ensureWebBuild()) ? 'built' : 'up to date');
  });

function exit(code: number): void {
  process.exitCode = code;
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { message?: string; data?: { diagnostics?: unknown } };
  console.error(`headrace: ${e.message ?? String(err)}`);
  process.exit(2);
});
