/**
 * The chaos container's entry point: `node dist/chaos/src/main.js`.
 * Reads the settings, puts back what an earlier run could not undo (it was killed), runs the chosen
 * mode until SIGTERM or SIGINT, undoes it, prints a summary.
 * Exit codes: 0 after a graceful stop, 1 for an undo that failed, 2 (REFUSED_SETTINGS_EXIT_CODE) for bad
 * settings: it changed nothing.
 */
import { LabReporter, createAnnouncer, createPrinter } from './announce';
import { REFUSED_SETTINGS_EXIT_CODE, loadChaosConfigOrExplain } from './config';
import { ChaosDbSession } from './dbSession';
import { describeError } from '../../lib/db/errors';
import { DockerEngine } from '../../lib/docker/dockerEngine';
import { createMode } from './modes/createMode';
import { runChaos } from './runChaos';
import { SavedSettings, restoreSavedSettings, restoredLine } from './savedSettings';

async function main(): Promise<number> {
  const print = createPrinter();
  const config = loadChaosConfigOrExplain();
  if (!config) return REFUSED_SETTINGS_EXIT_CODE;
  const reporter = new LabReporter(config.reportUrl, print, config.reportToken);
  const session = new ChaosDbSession(config.db, print);
  const saved = new SavedSettings(config.stateFile);
  const mode = createMode(config.mode, {
    config,
    session,
    print,
    announce: createAnnouncer(print, reporter),
    docker: new DockerEngine(),
    saved,
  });

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      print(`${signal} again: exiting now, without undoing ${mode.name}`);
      process.exit(1);
    }
    print(`${signal}: stopping ${mode.name}, then undoing what it changed`);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // A database error must never end the chaos: anything that slipped past the round loop is printed.
  process.on('unhandledRejection', (reason) => print(`unexpected error (the chaos goes on): ${String(reason)}`));

  if (Object.keys(saved.all()).length > 0) {
    // A run that was killed left the server changed: its originals come first, or we would save its
    // values as the originals.
    try {
      const restored = await session.use(stop.signal, (conn) => restoreSavedSettings(conn, saved));
      for (const setting of restored) print(restoredLine(setting));
    } catch (err) {
      print(`could not put back what an earlier chaos left (${describeError(err)}): not starting ${mode.name}`);
      await session.close();
      return 1;
    }
  }
  const { undone } = await runChaos(mode, { intervalMs: config.intervalMs, print, stop: stop.signal });
  await session.close();
  await reporter.flush();
  return undone ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('chaos: crashed:', err);
    process.exit(1);
  },
);
