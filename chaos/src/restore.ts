/**
 * `node dist/chaos/src/restore.js`: undoes what a chaos run left when it died without undoing it
 * (`docker kill`, a crash). `make chaos-stop`, `make chaos`, `make up`, `make down` and `make clean` run it, with the dead run's CHAOS_MODE,
 * when the chaos container ended with an exit code other than 0. It starts the db container again
 * if db-down or restart-db left it stopped, unpauses it after freeze, removes partition's iptables rules,
 * and puts back the server settings the run had saved. After failover or primary-crash it heals the
 * replication link, starts a killed server, and settles the pair (replication/settle.ts). It removes partition's network helpers the dead run
 * left (a kill between a helper's start and its removal), before it deletes the rules they may have set.
 * It reads only the settings an undo needs: a CHAOS_INTERVAL or LAB_EVENTS_TOKEN that refuses a run does
 * not refuse the undo of an earlier one.
 * Exit codes: 0 when nothing is left changed, 1 otherwise (each line says what is left).
 */
import { createPrinter } from './announce';
import { loadChaosConfigOrExplain, loadUndoConfig, type UndoConfig } from './config';
import { ChaosDbSession } from './dbSession';
import { describeError } from '../../lib/db/errors';
import { DockerEngine, composeServiceLabels, type ContainerSummary } from '../../lib/docker/dockerEngine';
import { removeLeftHelpers, runNetAdminScript } from '../../lib/docker/netAdminHelper';
import { healScript } from './partitionRules';
import { SavedSettings, restoreSavedSettings, restoredLine } from './savedSettings';
import { PAIR_MODES } from '../../lib/settings/chaosModes';
import { healLinkScript } from './replication/linkRules';
import { ReplicatedPair } from './replication/replicatedPair';
import { findServerContainer, reseederFor } from './replication/reseed';
import { RESEED_DEADLINE_MS, settlePair } from './replication/settle';

/** A database that was stopped answers again within seconds; a first MySQL start can take ~30 s. */
const DATABASE_DEADLINE_MS = 120_000;

/** partition and freeze leave no saved setting: what they leave is on the container. Returns its state after. */
async function liftSilentFault(
  config: UndoConfig,
  docker: DockerEngine,
  db: ContainerSummary,
  print: (line: string) => void,
): Promise<string> {
  if (config.mode === 'freeze' && db.state === 'paused') {
    await docker.unpause(db.id);
    print(`unpaused the db container ${db.name}: freeze had paused it`);
    return 'running';
  }
  if (config.mode === 'partition' && db.state === 'running') {
    // Harmless when no rule is left: the script deletes what it finds.
    await runNetAdminScript(docker, {
      image: config.helperImage,
      targetId: db.id,
      project: config.composeProject,
      script: healScript(),
    });
    print(`the db container ${db.name} is reachable: no partition rule is left in its network`);
  }
  return db.state;
}

/** failover and primary-crash: the link healed, both servers running, then one primary and its replica. */
async function settleDeadPairRun(
  config: UndoConfig,
  docker: DockerEngine,
  print: (line: string) => void,
): Promise<number> {
  if (!config.pair) return 0;
  for (const server of config.pair.servers) {
    const container = await findServerContainer(docker, config.composeProject, server);
    if (container.state === 'running') {
      await runNetAdminScript(docker, {
        image: config.helperImage,
        targetId: container.id,
        project: config.composeProject,
        script: healLinkScript(),
      });
    } else {
      await docker.start(container.id);
      print(`started ${container.name} again: ${config.mode} had stopped it`);
    }
  }
  const pair = new ReplicatedPair(config.pair, config.db, () => {});
  try {
    const { primary, replica } = await settlePair(
      pair,
      reseederFor(docker, config.composeProject),
      print,
      AbortSignal.timeout(DATABASE_DEADLINE_MS + RESEED_DEADLINE_MS),
      DATABASE_DEADLINE_MS,
    );
    print(`the pair is consistent: ${primary} is the primary behind the endpoint, ${replica} its replica`);
    return 0;
  } catch (err) {
    print(`could not make the pair consistent (${describeError(err)}); make chaos-stop tries again`);
    return 1;
  } finally {
    await pair.close();
  }
}

async function main(): Promise<number> {
  const print = createPrinter();
  const config = loadChaosConfigOrExplain(process.env, loadUndoConfig);
  if (!config) return 1;
  if (PAIR_MODES.includes(config.mode)) {
    const helpers = await removeLeftHelpers(new DockerEngine(), config.composeProject);
    if (helpers > 0) print(`removed ${helpers} network helper container(s) the dead run left`);
    return settleDeadPairRun(config, new DockerEngine(), print);
  }
  const saved = new SavedSettings(config.stateFile);
  const docker = new DockerEngine();
  // First, so that no helper of the dead run sets a rule after the heal below deletes them.
  const helpers = await removeLeftHelpers(docker, config.composeProject);
  if (helpers > 0) print(`removed ${helpers} network helper container(s) the dead run left`);
  const [found] = await docker.findContainers(composeServiceLabels(config.composeProject, 'db'));
  const db = found && { ...found, state: await liftSilentFault(config, docker, found, print) };
  if (db?.state !== 'running') {
    if (!db || (config.mode !== 'db-down' && config.mode !== 'restart-db')) {
      // Not ours to start. A server that starts (again) has its configured settings: nothing to put back.
      for (const name of Object.keys(saved.all())) saved.forget(name);
      print(
        `the db container is ${db ? `not running (${db.state})` : 'gone'}: a server that starts has its own settings; nothing to restore`,
      );
      return 0;
    }
    await docker.start(db.id);
    print(`started the db container ${db.name} again: ${config.mode} had stopped it`);
  }
  if (Object.keys(saved.all()).length === 0) {
    print(`${config.mode} left no server setting changed: nothing else to restore`);
    return 0;
  }
  const session = new ChaosDbSession(config.db, print);
  try {
    const restored = await session.use(AbortSignal.timeout(DATABASE_DEADLINE_MS), (conn) =>
      restoreSavedSettings(conn, saved),
    );
    for (const setting of restored) print(restoredLine(setting));
    if (restored.length === 0)
      print('the server settings are back to their values already (the server restarted since)');
    return 0;
  } catch (err) {
    print(
      `could not restore ${Object.entries(saved.all())
        .map(([name, value]) => `${name} = ${value}`)
        .join(', ')} ` + `(${describeError(err)}); make chaos-stop tries again`,
    );
    return 1;
  } finally {
    await session.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('chaos restore: crashed:', err);
    process.exit(1);
  },
);
