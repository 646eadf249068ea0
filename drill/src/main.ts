/**
 * `npm run drill -- [options]`: the three strategies under the same load, calm and under chaos, against
 * their ceilings; the silent faults; the pool-sizing sweep. It writes latest.json and renders latest.md and
 * the charts from it (--render: again, measuring nothing). Progress on stderr, tables and paths on stdout.
 * Missed targets do not fail the command: it measures, and the report says what was missed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findRepoRoot, readLabEnvFile } from '../../lib/settings/labEnvFile';
import { strategiesChart, sweepChart } from './chart';
import { hostLab } from '../../lib/settings/hostLab';
import { TOOL_CONNECT_TIMEOUT_MS } from '../../lib/db/loginOptions';
import type { Env } from '../../lib/settings/envReaders';
import { appTuning } from './labSettings';
import { readOptions, USAGE, UsageError } from './options';
import {
  FILES,
  pairFaultTable,
  reportMarkdown,
  resultsTable,
  silentFaultTable,
  sweepTable,
  targetsTable,
} from './render';
import type { DrillResults } from './results';
import { runDrill } from './run';

export async function main(argv: readonly string[], env: Env = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = readOptions(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`drill: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  const outDir = resolve(options.outDir);
  const jsonPath = join(outDir, FILES.json);
  let results: DrillResults;
  if (options.renderOnly) {
    const text = await readFile(jsonPath, 'utf8').catch(() => undefined);
    if (text === undefined) {
      process.stderr.write(`drill: no ${jsonPath} to render: make drill measures and writes it\n`);
      return 1;
    }
    results = JSON.parse(text) as DrillResults;
  } else {
    const repoRoot = findRepoRoot();
    const labFile = readLabEnvFile(repoRoot);
    const lab = hostLab({ connectTimeoutMs: TOOL_CONNECT_TIMEOUT_MS }, env, labFile);
    const say = (line: string) => process.stderr.write(`drill: ${line}\n`);
    say(
      `database ${lab.app.host}:${lab.app.port}, concurrency ${options.concurrency}, ${options.durationSeconds} s per phase`,
    );
    results = await runDrill(options, { repoRoot, lab, appTuning: appTuning(env, labFile), say });
    await mkdir(outDir, { recursive: true });
    await writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  }
  await writeFile(join(outDir, FILES.report), reportMarkdown(results));
  await writeFile(join(outDir, FILES.chart), strategiesChart(results));
  if (results.sweep.length > 0) await writeFile(join(outDir, FILES.sweepChart), sweepChart(results));

  const tables = [
    resultsTable(results),
    ...(results.sweep.length ? [sweepTable(results)] : []),
    ...(results.silentFaults.length ? [silentFaultTable(results)] : []),
    ...(results.pairFaults?.length ? [pairFaultTable(results)] : []),
    targetsTable(results),
  ];
  process.stdout.write(`\n${tables.join('\n\n')}\n\n`);
  process.stdout.write(
    `Results: ${jsonPath}\nReport:  ${join(outDir, FILES.report)}\nChart:   ${join(outDir, FILES.chart)}\n`,
  );
  if (results.sweep.length > 0) process.stdout.write(`Sweep:   ${join(outDir, FILES.sweepChart)}\n`);
  return 0;
}

if (require.main === module) {
  // Ctrl-C or a stop signal: exit, and lib/appProcess.ts's 'exit' handler kills the app processes.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`drill failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
