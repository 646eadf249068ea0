import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDrillReport, DRILL_CHECKED_RUN } from '../support/drillReportChecks';
import { lab } from '../support/labEnv';
import { DOCS_ROOT, markdownDocs } from '../support/markdownDocs';
import { FAILOVER_SECTION } from '../support/failoverWalkthrough';
import { readmeCommands } from '../support/readmeCommands';
import { runShellCommand } from '../../lib/shellCommand';
import { CHAOS_RUNS, CHAOS_STOPPED, LAB_UP, MAKE_UP, runStep, shows, type Step } from '../support/walkthrough';

/**
 * README.md's walkthrough, typed in as a learner would: every `$` command of the ```console blocks of
 * README.md and docs/, file by file in the order of DOCUMENTS below, each checked for what the text
 * says it shows. The text's own sample output must show the same, so text and behaviour cannot drift
 * apart. Its `make drill` is the run's one drill: the drill's report is checked after the walkthrough
 * (test/support/drillReportChecks.ts).
 *
 * It runs in a lab of its own (another compose project and ports), so it may stop the database,
 * `make down` and `make clean` without disturbing the lab the other tests (or the learner) use.
 * `make` inherits IMAGES=... from `make test IMAGES=local` through MAKEFLAGS.
 */
// The lab's own project name and ports, moved aside: simplerr-lab → simplerr-lab-readme, 8080 → 8180.
const APP_PORT = String(Number(new URL(lab.appUrl).port) + 100);
const OWN_LAB = {
  COMPOSE_PROJECT_NAME: `${lab.composeProject}-readme`,
  APP_PORT,
  DB_PUBLISHED_PORT: String(lab.dbPort + 100),
};
const drillOut = mkdtempSync(join(tmpdir(), 'readme-drill-'));
const env: NodeJS.ProcessEnv = { ...process.env, ...OWN_LAB };
delete env.STRATEGY; // the walkthrough says which strategy it wants
delete env.MODE;

const THE_FIRST_PERSON = /^\{"id":1,"firstname":"John","surname":"Bob"\}/m;
const ONLY_200S = /^\s*200 200\s*$/; // `sort | uniq -c` of 200 status codes: all of them 200
// 200 requests one after the other: seconds on a quiet machine, more than 30 s on a busy one.
const TWO_HUNDRED_REQUESTS = { timeoutMs: 120_000 };
const SOME = '[1-9]\\d*';
// README's partitions last 10 s (CHAOS_DOWN_SECONDS); section 6 and docs/design.md's hang wait for them
// to end, and what they show (a fast 503 or a deadline during, a 200 after, asked again until then) does
// not depend on their length: 3 s here. The chaos's first line names the length it was given, README's
// or this. Section 5 keeps its 10 s outage: its one request after the database is back is not asked
// again, so the 503 it waits for must come from the outage whose end it then follows, not from a later one.
const SHORT_OUTAGE = { CHAOS_DOWN_SECONDS: '3' };
const OUTAGE_OF = `(10|${SHORT_OUTAGE.CHAOS_DOWN_SECONDS})s`;

// The run's one drill, in miniature, with the options whose report test/support/drillReportChecks.ts checks.
const DRILL_STEP: Step = {
  command: 'make drill',
  env: { ...DRILL_CHECKED_RUN, DRILL_OUT: drillOut },
  timeoutMs: 400_000,
  shows: [
    // After the Chaos cell: req/s, the three ratios, p50, p99, max, then failed.
    /^\| naive +\| kill-idle every 200 ms +\|/m,
    ...['per-request', 'pool'].map(
      (strategy) => new RegExp(`^\\| ${strategy} +\\| kill-idle every 200 ms +(\\|[^|]*){7}\\| +0 +\\|`, 'm'),
    ),
    /^Report: +\S*latest\.md$/m,
    /^Chart: +\S*latest\.svg$/m,
  ],
};

const README: readonly Step[] = [
  // 1. Run it
  { command: 'make up', shows: LAB_UP('per-request'), ...MAKE_UP },
  { command: 'curl -s localhost:8080/person/first', shows: [THE_FIRST_PERSON] },
  {
    command: 'curl -s localhost:8080/person/all',
    shows: [
      /^\[\{"id":1,"firstname":"John","surname":"Bob"\},\{"id":2,"firstname":"Jane","surname":"Bob"\},\{"id":3,"firstname":"Michael","surname":"Clark"\}\]$/,
    ],
  },
  { command: 'curl -s localhost:8080/person/2', shows: [/^\{"id":2,"firstname":"Jane","surname":"Bob"\}$/] },
  {
    command: 'curl -s localhost:8080/person/42',
    shows: [/^\{"error":"not-found","detail":"There is no person with id 42\."\}$/],
  },
  {
    command: 'curl -s localhost:8080/person/abc',
    shows: [/^\{"error":"bad-request","detail":"id must be .*\\"abc\\"\."\}$/],
  },
  {
    command: `curl -s -X POST localhost:8080/person -H 'Content-Type: application/json' -d '{"firstname":"Ada","surname":"Lovelace","age":36}'`,
    shows: [/"error":"bad-request","detail":"Unknown field \\"age\\"/],
  },
  {
    command: `curl -s -X POST localhost:8080/person -H 'Content-Type: application/json' -H 'Idempotency-Key: ada-1' -d '{"firstname":"Ada","surname":"Lovelace"}'`,
    shows: [/^\{"id":4,"firstname":"Ada","surname":"Lovelace"\}$/],
  },
  {
    command: `curl -s -i -X POST localhost:8080/person -H 'Content-Type: application/json' -H 'Idempotency-Key: ada-1' -d '{"firstname":"Ada","surname":"Lovelace"}' | grep -E '^(HTTP|Idempotent-Replayed|\\{)'`,
    shows: [
      /^HTTP\/1\.1 201 Created/m,
      /^Idempotent-Replayed: true/m,
      /^\{"id":4,"firstname":"Ada","surname":"Lovelace"\}$/m,
    ],
  },

  // 2. Break it: one connection for ever
  { command: 'make up STRATEGY=naive', shows: LAB_UP('naive'), ...MAKE_UP },
  {
    command: `curl -s -i localhost:8080/person/first | grep -E '^(HTTP|X-Db-Strategy|\\{)'`,
    shows: [/^HTTP\/1\.1 200 OK/m, /^X-Db-Strategy: naive/m, THE_FIRST_PERSON],
  },
  // Its writes take turns on the one session: twenty at once with one key make one person.
  {
    command: `seq 20 | xargs -P 20 -I{} curl -s -o /dev/null -w '%{http_code}\\n' -X POST localhost:8080/person -H 'Content-Type: application/json' -H 'Idempotency-Key: twenty-at-once' -d '{"firstname":"Twenty","surname":"AtOnce"}' | sort | uniq -c`,
    shows: [/^\s*20 201\s*$/],
  },
  {
    command: `curl -s localhost:8080/person/all | grep -o '"surname":"AtOnce"' | wc -l`,
    shows: [/^1$/],
  },
  {
    command: 'make chaos',
    shows: [/kill-idle: every 5s, KILL each connection of simplerr idle for 1s or more/, CHAOS_RUNS('kill-idle')],
  },
  {
    command: 'make chaos-logs',
    follows: true,
    shows: [/^chaos-1 +\| \S+ kill-idle: killed connection \d+ \(idle \d+s\) — total 1/m],
    timeoutMs: 60_000,
  },
  {
    command: 'curl -s localhost:8080/person/first',
    retry: 'until-shown',
    shows: [
      /^\{"error":"connection-lost","detail":"The database connection was lost.*naive strategy.*never opens a new one/,
    ],
  },
  { command: `curl -s -w ' %{http_code}\\n' localhost:8080/livez`, shows: [/^\{"status":"alive"\} 200$/] },
  { command: `curl -s -w ' %{http_code}\\n' localhost:8080/readyz`, shows: [/^\{"error":"connection-lost",.*\} 503$/] },
  { command: 'make ps', retry: 'until-shown', shows: [/^\S+-app-1 .*\(unhealthy\)/m], timeoutMs: 60_000 },
  {
    command: 'make chaos-stop',
    shows: CHAOS_STOPPED(`kill-idle, \\d+ rounds?, ${SOME} connections? killed`),
    timeoutMs: 60_000,
  },

  // 3. Fix it: a connection per request
  { command: 'make up', shows: LAB_UP('per-request'), ...MAKE_UP },
  { command: 'make chaos', shows: [CHAOS_RUNS('kill-idle')] },
  {
    command: `for i in $(seq 200); do curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/person/first; done | sort | uniq -c`,
    shows: [ONLY_200S],
    ...TWO_HUNDRED_REQUESTS,
  },
  {
    command: 'make chaos-stop',
    shows: CHAOS_STOPPED('kill-idle, \\d+ rounds?, 0 connections killed'),
    timeoutMs: 60_000,
  },
  {
    command: `curl -s -w ' %{http_code}\\n' localhost:8080/lab/route-error`,
    shows: [/^\{"error":"internal","detail":"[^"]+"\} 500$/],
  },

  // 4. Scale it: a pool
  { command: 'make up STRATEGY=pool', shows: LAB_UP('pool'), ...MAKE_UP },
  { command: 'make chaos', shows: [CHAOS_RUNS('kill-idle')] },
  {
    command: 'make chaos-logs',
    follows: true,
    shows: [/kill-idle: killed connection \d+ \(idle \d+s\) — total \d+/],
    timeoutMs: 60_000,
  },
  {
    command: `for i in $(seq 200); do curl -s -o /dev/null -w '%{http_code}\\n' localhost:8080/person/first; done | sort | uniq -c`,
    shows: [ONLY_200S],
    ...TWO_HUNDRED_REQUESTS,
  },
  {
    command: `curl -s localhost:8080/metrics | grep -E '^db_(connections_total|pool_connections)'`,
    shows: [/^db_connections_total\{event="opened"\} [1-9]/m, /^db_pool_connections\{state="total"\} \d+$/m],
  },
  {
    command: 'make chaos-stop',
    shows: CHAOS_STOPPED(`kill-idle, \\d+ rounds?, ${SOME} connections? killed`),
    timeoutMs: 60_000,
  },

  // 5. When the database itself goes away
  {
    command: 'make chaos MODE=db-down',
    shows: [/db-down: stop the db container of \S+ for 10s/, CHAOS_RUNS('db-down')],
  },
  // Within 1 s: a down database gets a fast 503, not a hanging request.
  {
    command: `curl -s -w ' %{http_code} in %{time_total}s\\n' localhost:8080/person/first`,
    retry: 'until-shown',
    shows: [/^\{"error":"server-unreachable","detail":"[^"]+"\} 503 in 0\.\d+s$/],
  },
  { command: 'make chaos-logs', follows: true, shows: [/db-down: the database answers again/], timeoutMs: 60_000 },
  // No retry: the first request after the database is back succeeds.
  {
    command: `curl -s -w ' %{http_code}\\n' localhost:8080/person/first`,
    shows: [/^\{"id":1,"firstname":"John","surname":"Bob"\} 200$/],
  },
  {
    command: 'make chaos-stop',
    shows: CHAOS_STOPPED(`db-down, \\d+ rounds?, ${SOME} outages? caused`),
    timeoutMs: 60_000,
  },

  // 6. When the database stops answering
  {
    command: 'make chaos MODE=partition',
    env: SHORT_OUTAGE,
    shows: [
      new RegExp(`partition: drop every packet to and from port 3306 of the db container of \\S+ for ${OUTAGE_OF}`),
      CHAOS_RUNS('partition'),
    ],
  },
  // A new connection: the connect's deadline, within a second.
  {
    command: `curl -s -w ' %{http_code} in %{time_total}s\\n' localhost:8080/person/first`,
    retry: 'until-shown',
    shows: [/^\{"error":"server-unreachable","detail":"[^"]+"\} 503 in 0\.\d+s$/],
  },
  { command: 'make chaos-logs', follows: true, shows: [/partition: the database answers again/], timeoutMs: 60_000 },
  {
    command: `curl -s -w ' %{http_code}\\n' localhost:8080/person/first`,
    retry: 'until-shown', // the next partition may have begun already
    shows: [/^\{"id":1,"firstname":"John","surname":"Bob"\} 200$/],
  },
  {
    command: 'make chaos-stop',
    shows: CHAOS_STOPPED(`partition, \\d+ rounds?, ${SOME} partitions? caused`),
    timeoutMs: 60_000,
  },
  { command: 'make up STRATEGY=naive', shows: LAB_UP('naive'), ...MAKE_UP },
  { command: 'make chaos MODE=partition', env: SHORT_OUTAGE, shows: [CHAOS_RUNS('partition')] },
  // naive's connection was opened before the cut, every time: the first request sent on it after the
  // cut meets the call's deadline, named. Before the cut has begun it answers a quick 200: again then.
  {
    command: `curl -s -w ' %{http_code} in %{time_total}s\\n' localhost:8080/person/first`,
    retry: 'until-shown',
    shows: [
      /^\{"error":"database-timeout","detail":"[^"]+It waited 1000 ms \(DB_QUERY_TIMEOUT_MS\)\."\} 503 in [12]\.\d+s$/,
    ],
    timeoutMs: 60_000,
  },
  {
    command: 'make chaos-stop',
    shows: CHAOS_STOPPED(`partition, \\d+ rounds?, ${SOME} partitions? caused`),
    timeoutMs: 60_000,
  },

  // 7. Measure it
  DRILL_STEP,

  // 8. Change a setting, look at the logs, clean up
  {
    command: 'make up POOL_SIZE=lots',
    fails: true,
    shows: [/^app-1 +\| Configuration error: POOL_SIZE is "lots": expected a whole number/m],
    ...MAKE_UP,
  },
  { command: 'make up', shows: LAB_UP('per-request'), ...MAKE_UP },
  { command: 'make logs FOLLOW=no', shows: [/"strategy":"per-request".*"msg":"lab app listening"/] },
  { command: 'make down', shows: [] },
  { command: 'make clean', shows: [] },
];

/**
 * Every file with `$` commands, in the order they run, each with the steps of its commands; a file of
 * docs/ with commands that is not named here fails the first test. docs/ first, then README.md, which
 * ends with `make clean`: one fresh database for the whole walkthrough (none of docs/ writes a person,
 * so README's Ada is still id 4).
 */
const DOCUMENTS: ReadonlyMap<string, readonly Step[]> = new Map([
  [
    'docs/design.md',
    [
      // Without the deadlines: the hang.
      { command: 'make up STRATEGY=naive DB_TIMEOUTS=off', shows: LAB_UP('naive'), ...MAKE_UP },
      { command: 'make chaos MODE=partition', env: SHORT_OUTAGE, shows: [CHAOS_RUNS('partition')] },
      // The hang, for the partition and a little more (until one request starts early in a partition), bounded
      // by -m 40. A 200 after 2 s or more of a 3 s partition: no deadline ran out (the call's would have
      // answered 503 after 1 s); the docs' 13 s are a 10 s partition's.
      {
        command: `curl -s -m 40 -w ' %{http_code} in %{time_total}s\\n' localhost:8080/person/first`,
        retry: 'until-shown',
        shows: [/^\{"id":1,"firstname":"John","surname":"Bob"\} 200 in (\d{2}|[2-9])\.\d+s$/],
        timeoutMs: 180_000,
      },
      {
        command: 'make chaos-stop',
        shows: CHAOS_STOPPED(`partition, \\d+ rounds?, ${SOME} partitions? caused`),
        timeoutMs: 60_000,
      },
      // Recovery without failed requests: a killed query retried.
      { command: 'make up', shows: LAB_UP('per-request'), ...MAKE_UP },
      { command: 'make chaos MODE=kill-active', shows: [CHAOS_RUNS('kill-active')] },
      {
        command: `curl -s -w ' %{http_code}\\n' 'localhost:8080/lab/slow-person?ms=4500'`,
        shows: [/^\{"id":1,"firstname":"John","surname":"Bob"\} 200$/],
      },
      {
        command: `curl -s localhost:8080/metrics | grep '^db_retries_total'`,
        retry: 'with-previous-until-shown',
        shows: [/^db_retries_total\{kind="query-killed"\} [1-9]/m],
        timeoutMs: 90_000,
      },
      {
        command: 'make chaos-stop',
        shows: CHAOS_STOPPED(`kill-active, \\d+ rounds?, ${SOME} statements? interrupted`),
        timeoutMs: 60_000,
      },
      // A chaos killed before it could undo its change (the lab is up from the section before): make
      // chaos-stop puts the setting back.
      {
        command: 'make chaos MODE=short-wait-timeout',
        shows: [/short-wait-timeout: set the global wait_timeout to 3s/, CHAOS_RUNS('short-wait-timeout')],
      },
      // make chaos returns once the chaos has started: the setting changes a moment later, and only a
      // chaos killed after it has anything to leave behind.
      {
        command: 'make chaos-logs',
        follows: true,
        shows: [/^chaos-1 +\| \S+ short-wait-timeout: global wait_timeout 28800s → 3s/m],
        timeoutMs: 60_000,
      },
      { command: 'docker kill simplerr-lab-chaos-1', shows: [/^\S+-chaos-1$/] },
      {
        command: 'make chaos-stop',
        shows: [
          /^chaos \(short-wait-timeout\) is not running: its container ended with code 137, killed, before it could undo its change\./m,
          /restored the global wait_timeout: 3 → 28800/,
        ],
        timeoutMs: 60_000,
      },
    ],
  ],
  [
    'docs/settings.md',
    [
      {
        command: 'make chaos MODE=kill_idle',
        fails: true,
        shows: [
          /\*\*\* MODE=kill_idle: use one of kill-idle kill-active restart-db db-down short-wait-timeout max-connections partition freeze failover primary-crash\. {2}Stop\.$/m,
        ],
      },
    ],
  ],
  ['README.md', README],
]);

const inOwnLab = (command: string) =>
  command
    .replaceAll('localhost:8080', `localhost:${APP_PORT}`)
    .replaceAll('simplerr-lab-', `${OWN_LAB.COMPOSE_PROJECT_NAME}-`);
/** Sections whose commands another test runs, in the lab they need; this test checks their text only. */
const RUN_ELSEWHERE = [FAILOVER_SECTION];
const runElsewhere = (doc: string, section: string) =>
  RUN_ELSEWHERE.some((other) => other.doc === doc && other.section === section);
/** The commands the files show, and the steps this test has for them, side by side, in running order. */
const commands = [...DOCUMENTS.keys()].flatMap((doc) =>
  readmeCommands(doc).filter((c) => !runElsewhere(doc, c.section)),
);
const steps = [...DOCUMENTS.values()].flat();
const sections = [...new Set(commands.map((c) => `${c.doc}: ${c.section}`))];
/** What each step printed, and how long it took: where the walkthrough's time goes, printed at the end. */
const outputs = new Map<Step, string>();
const durations: { what: string; seconds: number }[] = [];

beforeAll(async () => {
  // A fresh lab: no lab of this name, a new data volume, initialised by a `make up` of the default
  // strategy. docs/design.md's first command starts naive, and naive's one connection, opened against a
  // server still slow on its first logins, could fail once and never be replaced (its lesson).
  await runShellCommand('make --no-print-directory clean', { env, timeoutMs: 120_000 });
  const up = await runShellCommand('make --no-print-directory up', { env, timeoutMs: MAKE_UP.timeoutMs });
  if (up.code !== 0) throw new Error(`make up, before the walkthrough, failed:\n${up.output}`);
}, 450_000);

afterAll(async () => {
  // Whatever happened, leave no container, chaos or volume of this lab behind.
  await runShellCommand('make --no-print-directory clean', { env, timeoutMs: 120_000 });
  rmSync(drillOut, { recursive: true, force: true });
  const slowest = durations.sort((a, b) => b.seconds - a.seconds).slice(0, 12);
  const total = durations.reduce((sum, d) => sum + d.seconds, 0);
  process.stderr.write(
    `readme.test: ${durations.length} steps in ${total.toFixed(0)} s; the slowest:\n` +
      slowest.map((d) => `${d.seconds.toFixed(1).padStart(7)} s  ${d.what}\n`).join(''),
  );
}, 150_000);

describe('README.md and docs/, followed step by step', () => {
  it('every file with `$` commands is followed, in a stated order', () => {
    const withCommands = markdownDocs().filter((doc) => readmeCommands(doc).length > 0);
    expect([...DOCUMENTS.keys()].sort()).toEqual(withCommands.sort());
  });

  it.each(RUN_ELSEWHERE)(
    '$doc: "$section", run by $runBy, has exactly its commands, and sample output that shows what each shows',
    ({ doc, section, runBy, steps: theirs }) => {
      // Declared, not skipped: the test named runs these very steps.
      expect(readFileSync(join(DOCS_ROOT, runBy), 'utf8')).toMatch(/runStep\(step, FAILOVER_SECTION\.steps/);
      const shown = readmeCommands(doc).filter((c) => c.section === section);
      expect(shown.map((c) => c.command)).toEqual(theirs.map((step) => step.command));
      for (const [i, { command, shownOutput }] of shown.entries())
        for (const pattern of theirs[i].shows)
          if (!shows(shownOutput, pattern))
            throw new Error(`${doc}'s output for \`${command}\` does not show ${pattern}:\n${shownOutput}`);
    },
  );

  it('has exactly the commands this test follows, and their sample output shows what each command shows', () => {
    expect(commands.map((c) => `${c.doc}: ${c.command}`)).toEqual(
      [...DOCUMENTS].flatMap(([doc, docSteps]) => docSteps.map((step) => `${doc}: ${step.command}`)),
    );
    for (const [i, { doc, command, shownOutput }] of commands.entries()) {
      for (const pattern of steps[i].shows) {
        if (!shows(shownOutput, pattern))
          throw new Error(`${doc}'s output for \`${command}\` does not show ${pattern}:\n${shownOutput}`);
      }
    }
  });

  const stepsOf = (section: string) =>
    commands.flatMap((c, i) =>
      `${c.doc}: ${c.section}` === section && steps[i]?.command === c.command ? [{ index: i, step: steps[i] }] : [],
    );

  it.each(sections)(
    '%s',
    async (section) => {
      const sectionSteps = stepsOf(section);
      expect(sectionSteps.length).toBe(commands.filter((c) => `${c.doc}: ${c.section}` === section).length);
      try {
        for (const { index, step } of sectionSteps) {
          const started = performance.now();
          const output = await runStep(step, steps[index - 1], { env, rewrite: inOwnLab });
          durations.push({
            what: `${commands[index].doc}: ${step.command}`,
            seconds: (performance.now() - started) / 1000,
          });
          outputs.set(step, output);
          for (const pattern of step.shows) {
            if (!shows(output, pattern)) throw new Error(`\`${step.command}\` does not show ${pattern}:\n${output}`);
          }
        }
      } catch (err) {
        // A section that failed half-way may leave its chaos running: the next section starts without it.
        await runShellCommand('make --no-print-directory chaos-stop', { env, timeoutMs: 60_000 });
        throw err;
      }
    },
    900_000,
  );
});

describeDrillReport(() => {
  const output = outputs.get(DRILL_STEP);
  return output === undefined ? undefined : { output, outDir: drillOut };
});
