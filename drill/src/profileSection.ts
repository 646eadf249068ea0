/**
 * "Where the app's time went": the CPU profiles (cpuProfile.ts) of the profiled strategies, as µs of
 * the app's main thread per successful answer, by part and, for two strategies, by the functions
 * whose time grew most from the first to the second (naive to pool by default).
 */
import { PROFILE_PARTS } from './cpuProfile';
import { rowsOfKind, type DrillRow, type ProfileRow } from './figures';
import { count } from './format';
import { markdownTable } from './table';

/** How many of the functions that grew most the section names. */
const TOP_FUNCTIONS = 6;

const perAnswer = (row: ProfileRow, us: number) => (row.figures.succeeded > 0 ? us / row.figures.succeeded : 0);
const signed = (value: number) => `${value >= 0 ? '+' : '−'}${count(Math.abs(value))}`;

/** The functions whose self time per answer grew most from `from` to `to`. */
export function functionsThatGrew(from: ProfileRow, to: ProfileRow, top = TOP_FUNCTIONS) {
  const names = new Set([...Object.keys(from.profile.byFunction), ...Object.keys(to.profile.byFunction)]);
  return [...names]
    .map((name) => {
      const before = perAnswer(from, from.profile.byFunction[name] ?? 0);
      const after = perAnswer(to, to.profile.byFunction[name] ?? 0);
      return { name, before, after, grew: after - before };
    })
    .filter((fn) => fn.grew > 0)
    .sort((a, b) => b.grew - a.grew)
    .slice(0, top);
}

export function profileSection(rows: readonly DrillRow[]): string[] {
  const profiled = rowsOfKind(rows, 'profile');
  if (profiled.length === 0) return [];
  const pair = profiled.length === 2 ? ([profiled[0], profiled[1]] as const) : undefined;
  const line = (label: string, value: (row: ProfileRow) => number | null) => {
    const values = profiled.map(value);
    const cells = values.map((v) => (v === null ? '—' : count(v)));
    const [a, b] = values;
    return [label, ...cells, ...(pair ? [a === null || b === null ? '—' : signed(b - a)] : [])];
  };
  const table = markdownTable(
    [
      'What ran (self time)',
      ...profiled.map((row) => `${row.strategy}, µs per answer`),
      ...(pair ? [`${pair[1].strategy} − ${pair[0].strategy}`] : []),
    ],
    [
      ...PROFILE_PARTS.map((part) => line(part, (row) => perAnswer(row, row.profile.byPart[part]))),
      line('**the main thread, not idle**', (row) => perAnswer(row, row.profile.busyUs)),
      line('the app process, all its threads (/proc)', (row) => row.figures.cpu?.app ?? null),
      line('req/s while profiled', (row) => row.figures.requestsPerSecond),
    ],
    (i) => i > 0,
  );
  const grew = pair ? functionsThatGrew(...pair) : [];
  return [
    "## Where the app's time went: CPU profiles (node --cpu-prof)",
    '',
    table,
    '',
    ...(grew.length > 0
      ? [
          `The functions whose own time per answer grew most from ${pair![0].strategy} to ${pair![1].strategy}:`,
          '',
          ...grew.map(
            (fn) =>
              `- \`${fn.name}\`: ${signed(fn.grew)} µs (${pair![0].strategy} ${count(fn.before)}, ${
                pair![1].strategy
              } ${count(fn.after)})`,
          ),
          '',
        ]
      : []),
    "Each profiled strategy ran once more, in an app of its own under `node --cpu-prof`, with the drill's load",
    "after a warm-up. V8 sampled the app's main thread, where all its JavaScript runs, every millisecond; only the",
    'samples of the measured phase count, divided by its successful answers. **self time**: the function that was',
    "running, not its callers. **socket writes**: Node's native write calls (an HTTP response, a query to the",
    'database); each is a system call made while JavaScript waits for it. Samples measure time, not CPU: a thread',
    'that waits for a core counts as not idle, so on busy cores **not idle** can exceed the CPU time /proc gives the',
    'whole process (its other threads included). The profiler costs some time itself, so these req/s are not',
    'compared with the rows above.',
    '',
  ];
}
