// The `headrace` command line: offline language tools, the GitOps commands, API clients, and the embedded launcher.
// Exit codes (cli/exit.ts, docs/cli.md): 0 ok, 1 what was checked failed, 2 usage or connection error, 3 auth refused.
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { DURATION } from '../dsl/grammar';
import { RunStatus, RunTrigger, TASK_QUEUES, type QueueName } from '../dsl/states';
import { applyCommand } from './commands/apply';
import { decideCommand } from './commands/approve';
import { compareCommand } from './commands/compare';
import { diffCommand } from './commands/diff';
import { deployCommand, endpointsCommand, promoteVariantCommand, rollbackCommand, type DeployOptions } from './commands/endpoints';
import { endpointSetCommand, type EndpointSetOptions } from './commands/endpoint-settings';
import { loginCommand } from './commands/login';
import { tokenCreateCommand, tokenRevokeCommand, tokensCommand, TOKEN_SCOPE_CHOICES } from './commands/tokens';
import { gcCommand, type GcOptions } from './commands/gc';
import { userDisableCommand, userResetPasswordCommand, userRoleCommand, usersCommand, USER_ROLES } from './commands/users';
import { connectionDeleteCommand, connectionSetCommand, connectionsCommand } from './commands/connections';
import { egressAllowCommand, egressListCommand, egressRevokeCommand } from './commands/egress';
import { secretDeleteCommand, secretListCommand, secretRotateCommand, secretSetCommand } from './commands/secret';
import { modelsCommand, promoteCommand, STAGES } from './commands/models';
import {
  DEFAULT_WINDOWS, monitorCommand, monitorsCommand, silenceCommand, silencesCommand, unsilenceCommand, type MonitorOptions, type SilenceOptions,
} from './commands/monitor';
import { lineageCommand } from './commands/lineage';
import { logsCommand } from './commands/logs';
import { duplicateCommand, renameCommand } from './commands/pipeline-names';
import { pipelinesCommand } from './commands/pipelines';
import { runsCommand } from './commands/run-list';
import { cancelCommand, rerunCommand, retryCommand, runCommand, statusCommand } from './commands/runs';
import { schedulePauseCommand, scheduleShowCommand } from './commands/schedule';
import { triggersCommand } from './commands/triggers';
import { schemaCommand } from './commands/schema';
import { compileCommand, validateCommand } from './commands/validate';
import { serverUrl } from './connect';
import { classify, UsageError } from './exit';
import { parseParams } from './params';
import type { Remote } from './remote';
import { ALERT_KINDS } from '../dsl/monitor';

const program = new Command('headrace').description('Headrace: typed ML pipelines on Temporal').showHelpAfterError('(headrace help COMMAND shows its usage)');
// A closed pipe (`headrace logs RUN | head -1`) ends the command quietly with 0: the reader has what it wanted.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
// Usage errors throw instead of exiting with commander's 1, so they get exit code 2 (1 means "the check failed").
program.exitOverride();
const collect = (v: string, prev: string[]) => [...prev, v];
const json = (c: Command) => c.option('--json', 'machine-readable output');
const remote = (c: Command) =>
  json(c.option('--url <url>', 'server URL (env HEADRACE_URL)').option('--token <token>', 'API token (env HEADRACE_TOKEN)'));

/** Runs a command; its result is the exit code, and any error is reported once with the code its kind maps to. */
function act<A extends unknown[]>(fn: (...args: A) => Promise<number> | number) {
  return async (...args: A) => {
    const cmd = args.at(-1);
    // With globals: a subcommand's options may have been read by its parent (`pipelines --json rename A B`).
    const opts = (cmd instanceof Command ? cmd.optsWithGlobals() : {}) as Remote;
    try {
      process.exitCode = await fn(...args);
    } catch (err) {
      const c = classify(err, serverUrl(opts.url));
      if (opts.json) console.error(JSON.stringify({ error: { code: c.code, message: c.message, exit: c.exit } }));
      else console.error(`headrace: ${c.message}`);
      process.exitCode = c.exit;
    }
  };
}

json(program.command('validate').argument('<paths...>', 'pipeline files or folders').description('check pipelines offline; exit 1 on any error'))
  .action(act((paths: string[], o: { json?: boolean }) => validateCommand(paths, o)));

json(program.command('compile').argument('<file>').description('print the Plan (JSON) a pipeline compiles to'))
  .option('--param <k=v>', 'override a param', collect, [])
  .action(act((file: string, o: { param: string[]; json?: boolean }) => compileCommand(file, parseParams(o.param), o)));

remote(program.command('apply').argument('<paths...>', 'pipeline files or folders').description('save every pipeline found, all or nothing'))
  .action(act((paths: string[], o: Remote) => applyCommand(paths, o)));

remote(program.command('diff').argument('<paths...>', 'pipeline files or folders').description('local files vs the latest saved versions; exit 1 when they differ'))
  .action(act((paths: string[], o: Remote) => diffCommand(paths, o)));

remote(program.command('run').argument('<target>', 'a pipeline file or the name of a saved pipeline').description('start a run'))
  .option('--param <k=v>', 'override a param', collect, [])
  .option('--wait', 'follow the run; exit 0 when it succeeds, 1 when it fails')
  .option('--idempotency-key <key>', 'the same key returns the run it started first (safe to repeat)')
  .option('--no-cache', 'execute every step, even where `cache: true` would reuse an earlier result')
  .action(act((target: string, o: Remote & { param: string[]; wait?: boolean; idempotencyKey?: string; cache: boolean }) =>
    runCommand(target, { ...o, params: parseParams(o.param) })));

const pipelines = remote(program.command('pipelines').description('the saved pipelines: latest version, last change, schedule'))
  .action(act((o: Remote) => pipelinesCommand(o)));
remote(pipelines.command('rename').argument('<name>').argument('<new-name>').description('give a pipeline another name; its versions, runs and schedule follow it'))
  .action(act((name: string, newName: string, _o: Remote, cmd: Command) => renameCommand(name, newName, cmd.optsWithGlobals())));
remote(pipelines.command('duplicate').argument('<name>').argument('<new-name>').description('copy the latest version as v1 of a new pipeline (no runs; its schedule paused)'))
  .action(act((name: string, newName: string, _o: Remote, cmd: Command) => duplicateCommand(name, newName, cmd.optsWithGlobals())));

remote(program.command('runs').argument('[pipeline]', 'only runs of this pipeline').description('the latest runs, newest first'))
  .addOption(new Option('--trigger <trigger>', 'only runs started this way').choices(RunTrigger.options))
  .addOption(new Option('--status <status>', 'only runs in this state').choices(RunStatus.options))
  .option('--endpoint <name>', "only the retraining runs this endpoint's monitor started (drift or performance triggers)")
  .option('--limit <n>', 'at most this many runs', positiveInt, 20)
  .action(act((pipeline: string | undefined, o: Remote & { trigger?: RunTrigger; status?: RunStatus; endpoint?: string; limit: number }) => runsCommand(pipeline, o)));

remote(program.command('status').argument('<run>', 'run id').description('a run and its steps'))
  .action(act((id: string, o: Remote) => statusCommand(id, o)));

remote(program.command('logs').argument('<run>', 'run id').description("a run's log lines"))
  .option('--step <id>', 'only this step')
  .option('--follow', 'keep printing until the run ends; exit 0 when it succeeds, 1 when it fails')
  .action(act((id: string, o: Remote & { step?: string; follow?: boolean }) => logsCommand(id, o)));

remote(program.command('cancel').argument('<run>', 'run id').description('cancel a run'))
  .action(act((id: string, o: Remote) => cancelCommand(id, o)));

remote(program.command('retry').argument('<run>', 'a failed or cancelled run').description('run it again from its failed step, reusing finished steps'))
  .option('--wait', 'follow the new run; exit 0 when it succeeds, 1 when it fails')
  .action(act((id: string, o: Remote & { wait?: boolean }) => retryCommand(id, o)));

remote(program.command('rerun').argument('<run>', 'a finished run')
  .description('reproduce it: the same version, params and seeds on the data versions it read (from the store), every step executed; --param changes some'))
  .option('--param <k=v>', 'change a param', collect, [])
  .option('--wait', "follow the new run, then compare its metrics: exit 0 when they equal the run's (or a param was changed), 1 when they differ or it fails")
  .option('--no-cache', 'accepted for scripts written before: a rerun never takes a result from the cache')
  .action(act((id: string, o: Remote & { param: string[]; wait?: boolean; cache: boolean }) => rerunCommand(id, { ...o, params: parseParams(o.param) })));

for (const [verb, approved] of [['approve', true], ['reject', false]] as const) {
  remote(program.command(verb).description(`${verb} a run's step that waits for approval (editor or admin, among its approvers)`))
    .argument('<run>', 'run id')
    .argument('<step>', 'id of the waiting approve step')
    .requiredOption('--reason <text>', 'why (kept with the decision and in the audit log)')
    .action(act((id: string, step: string, o: Remote & { reason: string }) => decideCommand(id, step, approved, o)));
}

const schedule = program.command('schedule').description("a pipeline's schedule (its `schedule:` triggers, one Temporal Schedule)");
remote(schedule.command('show').argument('<pipeline>').description('the schedule, paused or not, and its next five fire times'))
  .action(act((name: string, o: Remote) => scheduleShowCommand(name, o)));
for (const [verb, paused] of [['pause', true], ['resume', false]] as const) {
  remote(schedule.command(verb).argument('<pipeline>').description(paused ? 'stop the fires until resumed (kept across saves)' : 'fire again'))
    .option('--reason <text>', 'why (kept as the schedule\'s note and in the audit log)')
    .action(act((name: string, o: Remote & { reason?: string }) => schedulePauseCommand(name, paused, o)));
}

remote(program.command('triggers').argument('<pipeline>').description("what a pipeline's data, drift and performance triggers fired: the run each started, or why none"))
  .option('--limit <n>', 'at most this many events, newest first (default 100)', positiveInt)
  .action(act((name: string, o: Remote & { limit?: number }) => triggersCommand(name, o)));

const tokens = remote(program.command('tokens').description('API tokens with their scopes (admin): list, create, revoke'))
  .option('--user <username>', 'only the tokens of this user')
  .action(act((o: Remote & { user?: string }) => tokensCommand(o)));
remote(tokens.command('create').argument('<name>', 'what the token is for').description('make a token and print it once (admin)'))
  .option('--scope <scope>', `what it may do: ${TOKEN_SCOPE_CHOICES.join(' or ')}; repeat for both (default api)`, scopeList, [])
  .option('--expires-in-days <n>', 'expire after this many days (default never)', positiveInt)
  .option('--user <username>', 'whose token (default: yours)')
  .action(act((name: string, _o: Remote, cmd: Command) => tokenCreateCommand(name, cmd.optsWithGlobals())));
remote(tokens.command('revoke').argument('<id>', 'token id (headrace tokens lists them)').description('revoke a token (admin)'))
  .action(act((id: string, _o: Remote, cmd: Command) => tokenRevokeCommand(id, cmd.optsWithGlobals())));

const usersCmd = remote(program.command('users').description('the users, their roles and whether they are disabled (admin)'))
  .action(act((o: Remote) => usersCommand(o)));
remote(usersCmd.command('role').argument('<username>').addArgument(new Argument('<role>', 'the new role').choices(USER_ROLES)).description("change a user's role (admin)"))
  .action(act((username: string, role: (typeof USER_ROLES)[number], _o: Remote, cmd: Command) => userRoleCommand(username, role, cmd.optsWithGlobals())));
for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
  remote(usersCmd.command(verb).argument('<username>').description(disabled ? 'disable a user: sessions end, tokens are refused (admin)' : 'enable a disabled user again (admin)'))
    .action(act((username: string, _o: Remote, cmd: Command) => userDisableCommand(username, disabled, cmd.optsWithGlobals())));
}
remote(usersCmd.command('reset-password').argument('<username>').description('give a user a new random password, printed once; their sessions end (admin)'))
  .action(act((username: string, _o: Remote, cmd: Command) => userResetPasswordCommand(username, cmd.optsWithGlobals())));

remote(program.command('gc').description('remove the artifacts no run, model version, dataset or deployment references (admin)'))
  .option('--dry-run', 'list what would be removed and its size; remove nothing')
  .option('--older-than <duration>', 'keep anything written within this long (default 1h), so runs writing now are safe', durationArg)
  .action(act((o: GcOptions) => gcCommand(o)));

const connectionsCmd = remote(program.command('connections').description("the databases ingest.sql reads, by name: URL and where the password comes from, never a secret"))
  .action(act((o: Remote) => connectionsCommand(o)));
remote(connectionsCmd.command('set').argument('<name>', 'connection name (what a pipeline writes as connection:)').description('add a connection, or change one (admin)'))
  .requiredOption('--database-url <url>', "the database's URL, postgres://USER@HOST:PORT/DATABASE, without a password")
  .option('--password-secret <name>', 'the secret holding the password (headrace secret set NAME)')
  .option('--password-env <var>', "or: the workers' environment variable holding the password")
  .option('--description <text>', 'what the database is')
  .action(act((name: string, _o: unknown, cmd: Command) => connectionSetCommand(name, cmd.optsWithGlobals())));
remote(connectionsCmd.command('delete').argument('<name>', 'connection name').description('delete a connection (admin)'))
  .action(act((name: string, _o: Remote, cmd: Command) => connectionDeleteCommand(name, cmd.optsWithGlobals())));

const secretCmd = program.command('secret').description('the secret store: values sealed at rest, never shown again; pipelines name them as { secret: NAME }');
remote(secretCmd.command('set').argument('<name>', 'secret name').description('store a secret, or replace its value (admin); the value from stdin, or a prompt that does not echo')
  .option('--from-file <path>', 'read the value from this file')
  .option('--from-env <var>', 'read the value from this environment variable')
  .option('--description <text>', 'what the secret is for'))
  .action(act((name: string, _o: unknown, cmd: Command) => secretSetCommand(name, cmd.optsWithGlobals())));
remote(secretCmd.command('list').description('the secrets: names, dates and who set them, never a value (editor or admin)'))
  .action(act((_o: Remote, cmd: Command) => secretListCommand(cmd.optsWithGlobals())));
remote(secretCmd.command('delete').argument('<name>', 'secret name').description('delete a secret (admin)'))
  .action(act((name: string, _o: Remote, cmd: Command) => secretDeleteCommand(name, cmd.optsWithGlobals())));
remote(secretCmd.command('rotate').description('seal every value again under the current key, opening each with its own (admin); exit 1 if one cannot be opened')
  .option('--new-key', 'first replace the embedded platform\'s key file by a new random key (the old one is kept to open what is not sealed again)'))
  .action(act((_o: unknown, cmd: Command) => secretRotateCommand(cmd.optsWithGlobals())));

const egressCmd = remote(program.command('egress').description('hosts pipelines and monitors may reach although private, loopback or link-local'))
  .action(act((o: Remote) => egressListCommand(o)));
remote(egressCmd.command('allow').argument('<host>', 'a host name, *.domain, or an IP address').description('allow a host (admin)')
  .option('--note <text>', 'why it is allowed'))
  .action(act((host: string, _o: unknown, cmd: Command) => egressAllowCommand(host, cmd.optsWithGlobals())));
remote(egressCmd.command('revoke').argument('<host>').description('take a host off the list (admin)'))
  .action(act((host: string, _o: Remote, cmd: Command) => egressRevokeCommand(host, cmd.optsWithGlobals())));

remote(program.command('login').description('sign in to a server and store its token for later commands (mode 0600)'))
  .option('--username <name>', 'sign in with a password (read from stdin, or a prompt on a terminal)')
  .action(act((o: Remote & { username?: string }) => loginCommand(o)));

remote(program.command('compare').argument('<runs...>', 'two to ten run ids (or unique prefixes), or model versions (MODEL@VERSION|STAGE|ALIAS: the run that made it)').description('runs side by side: differing settings, training data, metrics, curves'))
  .action(act((runs: string[], o: Remote) => {
    if (runs.length < 2) throw new UsageError('compare takes at least two runs: headrace compare RUN RUN…');
    return compareCommand(runs, o);
  }));

remote(program.command('lineage').argument('<ref>', 'MODEL@VERSION (or @STAGE, @ALIAS), a dataset id or table sha256, or a source key (file:PATH, http:URL)')
  .description('what a model version was trained on, and what a dataset or source fed: sources, tables, runs, model versions, endpoints'))
  .action(act((ref: string, o: Remote) => lineageCommand(ref, o)));

remote(program.command('models').argument('[name]', 'a model name').description('the model registry'))
  .action(act((name: string | undefined, o: Remote) => modelsCommand(name, o)));

remote(program.command('promote').description('move a model version to another stage, with a reason'))
  .argument('<model>', 'model name')
  .argument('<version>', 'version number', (v: string) => {
    if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('a version is a positive integer');
    return Number(v);
  })
  .addArgument(new Argument('<stage>', 'target stage').choices(STAGES))
  .requiredOption('--reason <text>', 'why (kept in the version\'s stage history)')
  .action(act((model: string, version: number, stage: (typeof STAGES)[number], o: Remote & { reason: string }) =>
    promoteCommand(model, version, stage, o)));

remote(program.command('deploy').description('serve a registered model version behind an endpoint, rolled out by a strategy (editor or admin)'))
  .argument('<endpoint>', 'endpoint name (created by its first deploy)')
  .argument('<model>', 'MODEL@VERSION, MODEL@STAGE or MODEL@ALIAS (penguins@3, penguins@production, penguins@champion)')
  .addOption(new Option('--strategy <strategy>', 'how the new version takes the traffic').choices(['replace', 'canary', 'shadow', 'split']).default('replace'))
  .option('--steps <list>', 'canary: its weight at each step, percent (default 5,25,50,100)', percentList)
  .option('--interval <duration>', 'canary: how long each step is watched (default 10m)')
  .option('--max-error-rate <rate>', 'canary: the highest error rate it may have, 0 to 1 (default 0.01)', Number)
  .option('--max-latency-p99 <ms>', 'canary: the highest p99 latency it may have, milliseconds (default 100)', Number)
  .option('--min-requests <n>', 'canary: requests a window needs to be judged; fewer hold the step (default 100)', positiveInt)
  .option('--variant <model=weight>', 'split: another competing version and its weight, percent (repeat); MODEL takes the rest', variantList, [])
  .option('--sticky-header <header>', 'split: the request header that pins a caller to one variant')
  .option('--sticky-field <field>', 'split: the request body field that pins a caller to one variant')
  .option('--sample <percent>', 'shadow: percent of the requests copied to the challenger (default 100)', Number)
  .option('--wait', 'answer once the rollout has finished (a replace always waits)')
  .option('--reason <text>', 'why (kept with the deployment and in the audit log)')
  .action(act((endpoint: string, model: string, o: DeployOptions) => deployCommand(endpoint, model, o)));

remote(program.command('promote-variant').argument('<endpoint>').argument('<variant>', 'a variant name (headrace endpoints ENDPOINT lists them)')
  .description('give one variant all the traffic: finish a canary early, or end a split or a shadow (editor or admin)'))
  .option('--reason <text>', 'why (kept with the deployment and in the audit log)')
  .action(act((endpoint: string, variant: string, o: Remote & { reason?: string }) => promoteVariantCommand(endpoint, variant, o)));

const endpointsCmd = remote(program.command('endpoints').argument('[name]', 'one endpoint: its variants and deployment history').description('the serving endpoints and what each serves'))
  .action(act((name: string | undefined, o: Remote) => endpointsCommand(name, o)));
remote(endpointsCmd.command('set').argument('<name>', 'endpoint name').description("change an endpoint's settings; predict servers follow within a second (editor or admin)"))
  .option('--require-token', 'predict calls need a token with the predict scope')
  .option('--no-require-token', 'predict calls need no token')
  .option('--log-sample-rate <rate>', 'share of requests written to the prediction log, 0 to 1', sampleRate)
  .option('--description <text>', 'what the endpoint is for ("" clears it)')
  .option('--reason <text>', 'why (kept in the audit log)')
  .action(act((name: string, _o: EndpointSetOptions, cmd: Command) => endpointSetCommand(name, cmd.optsWithGlobals())));

const monitorCmd = remote(program.command('monitor').argument('<endpoint>', 'endpoint name').description("an endpoint's monitoring: drift per feature, quality and health of its stored windows, and its alerts"))
  .option('--since <duration>', 'only the windows and alerts of the last DURATION (30m, 6h, 7d), and one window computed now over it', durationArg)
  .option('--limit <n>', `at most this many stored windows, the newest (default ${DEFAULT_WINDOWS} without --since)`, positiveInt)
  .action(act((endpoint: string, o: MonitorOptions) => monitorCommand(endpoint, o)));
remote(monitorCmd.command('silence').argument('<endpoint>', 'endpoint name').description("silence an endpoint's alerts for a while: stored, never sent to webhooks (editor or admin)"))
  .requiredOption('--for <duration>', 'how long (30m, 2h, 7d; at most 90d)', durationArg)
  .requiredOption('--reason <text>', 'why (kept with the silence and in the audit log)')
  .addOption(new Option('--kind <kind>', 'only alerts of this kind').choices(ALERT_KINDS))
  .option('--subject <subject>', 'only alerts about this feature or figure (e.g. "Body Mass (g)", accuracy)')
  .action(act((endpoint: string, _o: SilenceOptions, cmd: Command) => silenceCommand(endpoint, cmd.optsWithGlobals())));
remote(monitorCmd.command('silences').argument('<endpoint>', 'endpoint name').description("an endpoint's silences in force"))
  .option('--all', 'ended ones too')
  .action(act((endpoint: string, _o: Remote & { all?: boolean }, cmd: Command) => silencesCommand(endpoint, cmd.optsWithGlobals())));
remote(monitorCmd.command('unsilence').argument('<id>', 'silence id (headrace monitor silences ENDPOINT lists them)', positiveInt).description('end a silence now (editor or admin)'))
  .action(act((id: number, _o: Remote, cmd: Command) => unsilenceCommand(id, cmd.optsWithGlobals())));

remote(program.command('monitors').description('the applied monitors: their window, last window, drift and last alert'))
  .action(act((o: Remote) => monitorsCommand(o)));

remote(program.command('rollback').argument('<endpoint>').description('return an endpoint to its previous deployment (editor or admin)'))
  .option('--reason <text>', 'why (kept with the deployment and in the audit log)')
  .action(act((endpoint: string, o: Remote & { reason?: string }) => rollbackCommand(endpoint, o)));

json(program.command('predict').argument('<endpoint>', 'endpoint name').description("send rows to an endpoint of a predict server and print its predictions"))
  .requiredOption('--file <file>', 'the rows: .json (an array of objects, or {"rows": [...]}) or .csv (a header line of feature names)')
  .option('--serve-url <url>', `predict server URL (env HEADRACE_SERVE_URL, default http://127.0.0.1:8080)`)
  .option('--token <token>', 'API token with the predict scope, for endpoints that require one (env HEADRACE_TOKEN)')
  .option('--url <url>', 'API server whose stored `headrace login` token to send (env HEADRACE_URL)')
  .action(act(async (endpoint: string, o: { file: string; serveUrl?: string; token?: string; url?: string; json?: boolean }) => {
    const { predictCommand } = await import('./commands/predict');
    return predictCommand(endpoint, o);
  }));

json(program.command('schema').description('print the JSON Schema of pipeline files, or of monitor files (for editors)'))
  .addArgument(new Argument('[kind]', 'whose schema').choices(['pipeline', 'monitor']).default('pipeline'))
  .action(act((kind: 'pipeline' | 'monitor') => schemaCommand(kind)));

program.command('openapi').description('print the OpenAPI 3.1 document of the REST API (/api/v1), as GET /api/openapi.json serves it')
  // Loaded on use: the document is built from the whole API router, which no other command needs at start-up.
  .action(act(async () => (await import('./commands/openapi')).openapiCommand()));

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
  .addOption(new Option('--queue <queue>', 'task queue').choices(Object.keys(TASK_QUEUES)).default('cpu'))
  .option('--nice <n>', 'run at this niceness (0-19; default HEADRACE_WORKER_NICE, else 0): steps give the CPU to the API and the predict server on a shared machine', niceness)
  .action(async (o: { queue: QueueName; nice?: number }) => {
    const { workerCommand } = await import('./commands/worker');
    exit(await workerCommand(o));
  });

program.command('serve').description('run the predict server: every endpoint answers with its current deployment')
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--port <port>', 'port (default HEADRACE_SERVE_PORT, else 8080; 0 = any free port)', portNumber)
  .option('--threads <n>', 'inference worker threads (default: one per core)', positiveInt)
  .action(async (o: { host: string; port?: number; threads?: number }) => {
    const { serveCommand } = await import('./commands/serve');
    exit(await serveCommand(o));
  });

program.command('api').description('serve the API and the web app alone, against DATABASE_URL, TEMPORAL_ADDRESS and HEADRACE_ARTIFACTS (starts nothing else)')
  .option('--host <host>', 'address to listen on (default HEADRACE_HOST, else 127.0.0.1)')
  .option('--port <port>', 'port (default HEADRACE_PORT, else 3000; 0 = any free port)', portNumber)
  .option('--no-web', 'serve the API only (skip the Next.js app)')
  .action(async (o: { host?: string; port?: number; web: boolean }) => {
    const { apiCommand } = await import('./commands/api');
    exit(await apiCommand(o));
  });

program.command('setup').description('obtain the Temporal CLI (pinned, cached per user); --gpu: the CUDA libraries GPU training needs; --s3: SeaweedFS, for the S3 store tests')
  .option('--gpu', "also obtain onnxruntime's CUDA provider and NVIDIA's CUDA libraries from PyPI (pinned, verified, cached per user)")
  .option('--print-env', 'implies --gpu: print only `export LD_LIBRARY_PATH=…` for a shell that trains on the GPU')
  .option('--s3', 'also build SeaweedFS, the S3-compatible server the tests start, with Go (pinned, cached per user; minutes the first time)')
  .action(async (o: { gpu?: boolean; printEnv?: boolean; s3?: boolean }) => {
    const say = o.printEnv ? console.error : console.log;
    const { ensureTemporalCli } = await import('../server/temporal/cli-binary');
    const r = await ensureTemporalCli(say);
    say(`temporal: ${r.path} (route: ${r.route}, ${r.ms} ms)`);
    if (o.s3) {
      const { ensureSeaweedfs } = await import('./platform/seaweedfs');
      const w = await ensureSeaweedfs(say);
      say(`seaweedfs: ${w.path} (route: ${w.route}, ${(w.ms / 1000).toFixed(1)} s)`);
    }
    if (!o.gpu && !o.printEnv) return;
    const { ensureCudaLibraries, cudaWorkerEnv } = await import('./platform/cuda-libraries');
    const c = await ensureCudaLibraries(say);
    say(`cuda: ${c.files} libraries in ${c.libDir} (route: ${c.route}, ${c.ms} ms); providers linked into ${c.linkedInto}`);
    const env = await cudaWorkerEnv();
    if (o.printEnv) console.log(`export LD_LIBRARY_PATH='${env!.LD_LIBRARY_PATH}'`);
    else say('a GPU worker (`headrace worker --queue gpu`, or `npm start` where nvidia-smi finds a GPU) starts with them on LD_LIBRARY_PATH');
  });

program.command('build-web').description('build the Next.js app if its sources changed')
  .action(async () => {
    const { ensureWebBuild } = await import('./platform/web');
    const r = await ensureWebBuild();
    console.log(`${r.built ? 'built' : 'up to date'}: ${r.distDir}`);
  });

function positiveInt(v: string): number {
  if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('a positive integer');
  return Number(v);
}

function durationArg(v: string): string {
  if (!DURATION.test(v.trim())) throw new InvalidArgumentError('a duration: 30s, 10m, 6h, 7d');
  return v.trim();
}

function percentList(v: string): number[] {
  const list = v.split(',').map((x) => Number(x.trim()));
  if (list.some((x) => !(x > 0 && x <= 100))) throw new InvalidArgumentError('percentages above 0 and at most 100, comma-separated (5,25,50,100)');
  return list;
}

function variantList(v: string, prev: Array<{ model: string; weight: number }>) {
  const m = /^(.+@.+)=(\d+(?:\.\d+)?)$/.exec(v.trim());
  if (!m) throw new InvalidArgumentError('MODEL@VERSION=WEIGHT (penguins@2=30)');
  return [...prev, { model: m[1], weight: Number(m[2]) }];
}

function scopeList(v: string, prev: Array<(typeof TOKEN_SCOPE_CHOICES)[number]>) {
  if (!(TOKEN_SCOPE_CHOICES as readonly string[]).includes(v)) throw new InvalidArgumentError(`a scope: ${TOKEN_SCOPE_CHOICES.join(' or ')}`);
  return [...prev, v as (typeof TOKEN_SCOPE_CHOICES)[number]];
}

function sampleRate(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('a share between 0 and 1 (0.1 logs one request in ten)');
  return n;
}

function niceness(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 19) throw new InvalidArgumentError('a niceness from 0 to 19');
  return Number(v);
}

function portNumber(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError('a port number (0-65535)');
  return Number(v);
}

function exit(code: number): void {
  process.exitCode = code;
}

program.parseAsync(process.argv).catch((err: unknown) => {
  const c = classify(err);
  // commander has already printed its own message (or the help)
  if (c.code !== 'USAGE') console.error(`headrace: ${c.message}`);
  process.exitCode = c.exit;
});
