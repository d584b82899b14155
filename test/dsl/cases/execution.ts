// Checker cases: schedule triggers, refused resources, the control kinds and the production refusal.
import { head, withSteps, yaml } from '../harness';
import { split, type Case } from './common';

/** `head` with these trigger lines (each indented by two) before `steps:`; the first starts at line 6. */
const withTriggers = (...lines: string[]) => head.replace('steps:', `triggers:\n${lines.map((l) => `  ${l}`).join('\n')}\nsteps:`);

export const executionCases: Case[] = [
  {
    name: 'schedule: every option, names, ranges, steps, lists and shorthands',
    source: withTriggers(
      '- schedule: { cron: "*/15 9-17 * JAN-MAR,oct mon-fri", overlap: allow, timezone: America/New_York, paused: true }',
      '- schedule: { cron: "@daily", overlap: allow, timezone: America/New_York, paused: true }',
      '- schedule: { cron: "@every 90s", overlap: allow, timezone: America/New_York, paused: true }',
    ),
    expect: [],
  },
  {
    name: 'schedule: each bad cron field at its place',
    source: withTriggers('- schedule: { cron: "61 24 0 FOO 1-8/0" }'),
    expect: [
      ['6:24', "schedule cron: minute '61': 61 is out of range (0-59)"],
      ['6:27', "schedule cron: hour '24': 24 is out of range (0-23)"],
      ['6:30', "schedule cron: day of month '0': 0 is out of range (1-31)"],
      ['6:32', "schedule cron: month 'FOO': expected a number 1-12 or a name JAN–DEC, got 'FOO'"],
      ['6:36', "schedule cron: day of week '1-8/0': the step after / must be above 0"],
    ],
  },
  {
    name: 'schedule: a range that runs backwards, an unknown shorthand, an unknown time zone and overlap',
    source: withTriggers(
      '- schedule: { cron: "0 17-9 * * *", timezone: Europe/Pariss }',
      '- schedule: { cron: "@fortnightly", overlap: queue }',
    ),
    expect: [
      ['6:26', "schedule cron: hour '17-9': a range runs from low to high, got 17-9"],
      ['6:49', "schedule timezone: unknown time zone 'Europe/Pariss' (did you mean 'Europe/Paris'?); use an IANA name like Europe/Paris or UTC"],
      ['7:24', "schedule cron: unknown cron shorthand '@fortnightly': use one of @yearly @monthly @weekly @daily @hourly or \"@every 15m\""],
      ['7:48', "'triggers[1].schedule.overlap' must be one of skip, buffer, allow, got \"queue\""],
    ],
  },
  {
    name: 'schedule: several crons share one overlap, zone and pause',
    source: withTriggers('- schedule: { cron: "0 3 * * *", timezone: UTC }', '- schedule: { cron: "0 15 * * *", paused: true }'),
    expect: [['7:45', 'schedule paused: every schedule trigger of a pipeline shares one paused (they become one Temporal Schedule); the first says false']],
  },
  {
    name: 'resources: cpu and memory are refused at their keys; gpu is fine',
    source: withSteps(split + '  resources: { cpu: 2, memory: 4Gi, gpu: 0 }\n'),
    expect: [
      ['14:18', "step 'split': resources.cpu is not supported: no worker reserves or enforces CPU cores, so it would be ignored"],
      ['14:26', "step 'split': resources.memory is not supported: no worker reserves or enforces memory"],
    ],
  },
  {
    name: 'registry.register: production is refused with the reason',
    source: withSteps(yaml`
      train: { uses: train.logistic, in: { table: ingest.table }, with: { target: y } }
      register:
        uses: registry.register
        in: { model: train.model }
        with: { name: m, stage: production }
    `),
    expect: [['15:29', "registry.register config: 'stage' cannot be production: a version reaches production only by promotion"]],
  },
  {
    name: 'approve and wait: kinds without a dot, ordered by needs',
    source: withSteps(yaml`
      hold:
        uses: approve
        needs: [ingest]
        with: { approvers: [admin], timeout: 24h, message: Check the data report }
      pause:
        uses: wait
        needs: hold
        with: { until: "2030-01-31T09:00:00+01:00" }
      later: { uses: wait, needs: pause, with: { duration: 10m } }
    `),
    expect: [],
  },
  {
    name: 'approve and wait: bad config',
    source: withSteps(yaml`
      hold: { uses: approve, with: { approvers: [viewer], timeout: forever } }
      pause: { uses: wait, with: { duration: 10m, until: "2030-01-31T09:00:00Z" } }
      never: { uses: wait }
      soon: { uses: wait, with: { until: "tomorrow" } }
    `),
    expect: [
      ['11:46', "approve config: 'approvers[0]' must be one of editor, admin, got \"viewer\""],
      ['11:64', "approve config: 'timeout' must be a duration like \"30s\", \"10m\", \"24h\" or \"7d\", got \"forever\""],
      ['12:30', 'wait config: wait needs exactly one of duration or until'],
      ['13:18', 'wait config: wait needs exactly one of duration or until'],
      ['14:38', "wait config: 'until' must be an ISO 8601 time with a zone, like \"2030-01-31T09:00:00Z\", got \"tomorrow\""],
    ],
  },
  {
    name: 'cache: on a download is refused (a cached table could be stale)',
    source: withSteps(yaml`
      remote:
        uses: ingest.http
        with: { url: "https://example.org/rows.csv" }
        cache: true
    `),
    expect: [['14:5', "step 'remote': ingest.http is not cached: the server's content is known only once it is downloaded, so a cached table could be stale; remove cache:"]],
  },
  {
    name: 'cache: on a database query is refused (the database may change under the same query); its config is checked',
    source: withSteps(yaml`
      warehouse:
        uses: ingest.sql
        with: { connection: warehouse, query: "SELECT * FROM orders WHERE placed > $1", params: ["2026-01-01"] }
        cache: true
      bad:
        uses: ingest.sql
        with: { connection: "Warehouse DB", query: "" }
    `),
    expect: [
      ['14:5', "step 'warehouse': ingest.sql is not cached: the database may change under the same query, so a cached table could be stale; remove cache:"],
      ['17:25', 'ingest.sql config: \'connection\' must be a connection\'s name: lower-case letters, digits, ".", "_" and "-", starting with a letter, at most 63 characters, and not "set" or "delete", got "Warehouse DB"'],
      ['17:48', "ingest.sql config: 'query' must be at least 1 character(s) long"],
    ],
  },
];
