/**
 * `npm run drill -- [options]`: the three strategies under the same load, without and with chaos,
 * against the HTTP and database ceilings. Progress on stderr; the tables and the paths on stdout.
 * Missed targets do not fail the command: it measures, and the report says what was missed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs, USAGE, UsageError, wantsHelp } from './args';
import { findRepoRoot, readLabEnvFile } from '../../lib/settings/labEnvFile';
import { appTuning, drillDbSettings, type Env } from './labSettings';
import { planDrill } from './phases';
import { createProgress } from './progress';
import { reportMarkdown } from './report';
import { runDrill } from './runDrill';
import { runSilentFaultPhases } from './silentFaultPhases';
import { silentFaultSection, silentFaultTable } from './silentFaultTable';
import { renderChart } from './svg';
import { renderSweepChart } from './sweepChart';
import { sweepTable } from './sweep';
import { resultsTable } from './table';
import { checkTargets, targetsTable } from './targets';

export const REPORT_FILE = 'latest.md';
export const CHART_FILE = 'latest.svg';
export const SWEEP_CHART_FILE = 'pool-sizing.svg';

export async function main(argv: readonly string[], env: Env = process.env): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options;
  try {
    options = parseArgs(argv, env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`drill: ${err.message}\n${USAGE}\n`);
    return 2;
  }
  const repoRoot = findRepoRoot();
  const labFile = readLabEnvFile(repoRoot);
  const db = drillDbSettings(env, labFile);
  process.stderr.write(
    `drill: database ${db.app.host}:${db.app.port}, concurrency ${options.concurrency}, ` +
      `${options.durationSeconds} s per phase, strategies ${options.strategies.join(', ')}\n`,
  );

  const run = await runDrill(options, {
    repoRoot,
    db,
    appTuning: appTuning(env, labFile),
    progress: createProgress(planDrill(options)),
  });
  const checks = checkTargets(run.rows, run.settings.poolSize);
  const faults = await runSilentFaultPhases({
    repoRoot,
    db,
    appTuning: appTuning(env, labFile),
    composeProject: env.COMPOSE_PROJECT_NAME?.trim() || labFile.COMPOSE_PROJECT_NAME || 'simplerr-lab',
    strategies: options.strategies,
    concurrency: options.concurrency,
    faultSeconds: options.faultSeconds,
    note: (line) => process.stderr.write(`drill: ${line}\n`),
  });

  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const reportPath = join(outDir, REPORT_FILE);
  const chartPath = join(outDir, CHART_FILE);
  const files = { chart: CHART_FILE, sweepChart: SWEEP_CHART_FILE };
  await writeFile(
    reportPath,
    [reportMarkdown(run, checks, { files, composedUrl: options.composedUrl }), ...silentFaultSection(faults)].join(
      '\n',
    ),
  );
  await writeFile(chartPath, renderChart(run));
  const sweepChartPath = join(outDir, SWEEP_CHART_FILE);
  if (options.sweepPoolSizes.length > 0) await writeFile(sweepChartPath, renderSweepChart(run));

  const sweep = options.sweepPoolSizes.length > 0 ? `${sweepTable(run.rows)}\n\n` : '';
  process.stdout.write(`\n${resultsTable(run.rows, options.chaosIntervalMs)}\n\n${sweep}${targetsTable(checks)}\n\n`);
  if (faults.length > 0) process.stdout.write(`${silentFaultTable(faults)}\n\n`);
  process.stdout.write(`Report: ${reportPath}\nChart:  ${chartPath}\n`);
  if (options.sweepPoolSizes.length > 0) process.stdout.write(`Sweep:  ${sweepChartPath}\n`);
  return 0;
}

if (require.main === module) {
  // Ctrl-C or a stop signal: exit, and the 'exit' handler of appUnderTest kills the app processes.
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
