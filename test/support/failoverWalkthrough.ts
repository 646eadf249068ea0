import { CHAOS_RUNS, CHAOS_STOPPED, LAB_UP, MAKE_UP, type Step } from './walkthrough';

/**
 * README's failover section: its commands need the replicated lab, so the e2e-replica test named here
 * runs them in the lab its other tests use (one lab, brought up once), and test/e2e/readme.test.ts,
 * which runs every other `$` command, checks only that this section's commands and sample output are
 * these steps'.
 */
const SWITCHOVER_1 = /failover: (db2?) is the primary now, (db2?) its read-only replica — switchover 1 in/;
const WRITE = `-X POST localhost:8080/person -H 'Content-Type: application/json'`;
const GRACE = `-d '{"firstname":"Grace","surname":"Hopper"}'`;
const ONE_SWITCHOVER: readonly Step[] = [
  { command: 'make chaos MODE=failover CHAOS_INTERVAL=600', shows: [CHAOS_RUNS('failover')], timeoutMs: 60_000 },
  { command: 'make chaos-logs', follows: true, shows: [SWITCHOVER_1], timeoutMs: 60_000 },
];
const STOP: Step = {
  command: 'make chaos-stop',
  shows: CHAOS_STOPPED('failover, 1 round, 1 switchover done'),
  timeoutMs: 90_000,
};

export const FAILOVER_SECTION = {
  doc: 'README.md',
  section: 'Beyond one server: when the primary changes',
  runBy: 'test/e2e-replica/readmeFailover.test.ts',
  steps: [
    {
      command: 'make up TOPOLOGY=primary-replica STRATEGY=naive',
      shows: [/(db2?) is the primary \(writable, behind the endpoint\); (db2?) replicates from it/, ...LAB_UP('naive')],
      ...MAKE_UP,
    },
    ...ONE_SWITCHOVER,
    // naive's one connection still reaches the demoted server: 1290, answered 503 read-only, every time.
    {
      command: `curl -s -w ' %{http_code}\\n' ${WRITE} -H 'Idempotency-Key: grace-1' ${GRACE}`,
      shows: [/^\{"error":"read-only","detail":"[^"]+"\} 503$/],
    },
    {
      command: `for i in 2 3 4; do curl -s -o /dev/null -w '%{http_code}\\n' ${WRITE} -H "Idempotency-Key: grace-$i" ${GRACE}; done | uniq -c`,
      shows: [/^\s*3 503$/],
    },
    STOP,
    { command: 'make up STRATEGY=pool', shows: LAB_UP('pool'), ...MAKE_UP },
    ...ONE_SWITCHOVER,
    // The pool: a 201 within seconds of the switchover (again until then: the first may meet the old server).
    {
      command: `curl -s -w ' %{http_code} in %{time_total}s\\n' ${WRITE} -H 'Idempotency-Key: grace-pool' ${GRACE}`,
      retry: 'until-shown',
      shows: [/^\{"id":\d+,"firstname":"Grace","surname":"Hopper"\} 201 in \d+\.\d+s$/],
      timeoutMs: 10_000,
    },
    STOP,
  ] satisfies readonly Step[] as readonly Step[],
};
