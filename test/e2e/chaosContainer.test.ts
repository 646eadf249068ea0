import type { Connection } from 'mariadb';
import { readGlobalNumber } from '../../lib/db/serverVariables';
import {
  CHAOS_LAB_DB_PORT,
  CHAOS_LAB_PROJECT,
  containerOf,
  docker,
  isRunning,
  makeInChaosLab,
  makeUpChaosLab,
  stateOf,
  useChaosLab,
} from '../support/chaosLab';
import { chaosConnection } from '../support/dbAdmin';
import { waitFor } from '../../lib/waitFor';

/**
 * The chaos container as a learner drives it, through make: whatever it is doing, and even when it is
 * killed, make says what is going on, puts back what it changed, and `make down` / `make clean` leave
 * nothing behind. It runs in the chaos lab (test/support/chaosLab.ts), because it stops, kills and
 * removes things; it ends with make clean, so the test sequencer (jest.sequencer.js) runs it last.
 */
const make = (args: string, timeoutMs = 120_000) =>
  makeInChaosLab(args, { timeoutMs, more: { CHAOS_DOWN_SECONDS: '30' } }); // an outage that lasts the whole test
const ofProject = (what: 'ps' | 'volume' | 'network') =>
  docker(
    ...(what === 'ps' ? ['ps', '-a'] : [what, 'ls']),
    '-q',
    '--filter',
    `label=com.docker.compose.project=${CHAOS_LAB_PROJECT}`,
  );
const makeUp = () => makeUpChaosLab();

async function startChaos(mode: string) {
  const { code, output } = await make(`chaos MODE=${mode}`);
  if (code !== 0) throw new Error(`make chaos MODE=${mode} failed (${code}):\n${output}`);
}

/** A chaos-user connection to this file's lab, opened when first asked for (the database may have restarted). */
let admin: Connection | undefined;
async function globalNumber(name: string): Promise<number> {
  if (!admin?.isValid()) admin = await chaosConnection(CHAOS_LAB_DB_PORT);
  return readGlobalNumber(admin, name);
}

beforeAll(useChaosLab, 400_000);

afterAll(async () => {
  await admin?.end().catch(() => {});
});

describe('a chaos container killed before it could undo leaves the server changed only until make chaos-stop, make chaos or make up', () => {
  let usual: { wait_timeout: number; max_connections: number };
  beforeAll(async () => {
    usual = {
      wait_timeout: await globalNumber('wait_timeout'),
      max_connections: await globalNumber('max_connections'),
    };
  });

  async function killChaosAfter(
    mode: string,
    changed: (value: number) => boolean,
    setting: 'wait_timeout' | 'max_connections',
  ) {
    await startChaos(mode);
    await waitFor(`${mode} to change ${setting}`, async () => changed(await globalNumber(setting)), {
      timeoutMs: 30_000,
    });
    docker('kill', containerOf('chaos'));
    expect(changed(await globalNumber(setting))).toBe(true); // nothing undid it
  }

  it('make chaos-stop puts wait_timeout back after docker kill, and says so', async () => {
    await killChaosAfter('short-wait-timeout', (v) => v === 3, 'wait_timeout');
    const { code, output } = await make('chaos-stop');
    expect(code).toBe(0);
    expect(output).toMatch(/chaos \(short-wait-timeout\) is not running: its container ended with code 137, killed/);
    expect(output).toContain(`restored the global wait_timeout: 3 → ${usual.wait_timeout}`);
    expect(await globalNumber('wait_timeout')).toBe(usual.wait_timeout);
    expect((await make('chaos-stop')).output).toContain('chaos is not running (make chaos starts it)'); // done once
  });

  it('the next make chaos puts it back first, so that it never takes the lowered value for the original', async () => {
    await killChaosAfter('short-wait-timeout', (v) => v === 3, 'wait_timeout');
    await startChaos('short-wait-timeout');
    const stop = await make('chaos-stop');
    expect(stop.output).toContain(`global wait_timeout restored to ${usual.wait_timeout}s`);
    expect(await globalNumber('wait_timeout')).toBe(usual.wait_timeout);
  });

  it('a db-down killed during its outage: make chaos says so, make chaos-stop starts the database again', async () => {
    await startChaos('db-down');
    await waitFor('the database to be stopped', () => !isRunning(containerOf('db')), { timeoutMs: 30_000 });
    docker('kill', containerOf('chaos'));
    const chaos = await make('chaos');
    expect(chaos.code).not.toBe(0);
    expect(chaos.output).toContain(
      'The database is stopped: chaos (db-down) ended with code 137 before it started it again. make chaos-stop starts it.',
    );
    const { code, output } = await make('chaos-stop');
    expect(code).toBe(0);
    expect(output).toMatch(/started the db container \S+ again: db-down had stopped it/);
    expect(isRunning(containerOf('db'))).toBe(true);
    await makeUp(); // healthy again, for what follows
  }, 400_000); // room for make up (itself up to 300 s) on a busy machine

  it('a freeze killed while the database is paused: make chaos-stop unpauses it', async () => {
    await startChaos('freeze');
    await waitFor('the database to be paused', () => stateOf(containerOf('db')) === 'paused', { timeoutMs: 30_000 });
    docker('kill', containerOf('chaos'));
    expect(stateOf(containerOf('db'))).toBe('paused'); // nothing undid it
    const { code, output } = await make('chaos-stop');
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringMatching(/unpaused the db container \S+: freeze had paused it/),
    });
    expect(stateOf(containerOf('db'))).toBe('running');
  });

  it('a partition killed while the network is cut: make up removes the rules, and the database answers', async () => {
    await startChaos('partition');
    await waitFor('the partition', () => docker('logs', containerOf('chaos')).includes('cut off the network'), {
      timeoutMs: 30_000,
    });
    docker('kill', containerOf('chaos'));
    await expect(chaosConnection(CHAOS_LAB_DB_PORT)).rejects.toThrow(); // still cut: nothing undid it
    const { code, output } = await make('up', 300_000);
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringMatching(/the db container \S+ is reachable: no partition rule is left in its network/),
    });
    await (await chaosConnection(CHAOS_LAB_DB_PORT)).end();
  }, 400_000); // room for make up (itself up to 300 s) on a busy machine

  it('make up puts max_connections back after docker kill', async () => {
    await killChaosAfter('max-connections', (v) => v < usual.max_connections, 'max_connections');
    const { code, output } = await make('up', 300_000);
    expect(code).toBe(0);
    expect(output).toContain(`restored the global max_connections: `);
    expect(await globalNumber('max_connections')).toBe(usual.max_connections);
  }, 400_000); // room for make up (itself up to 300 s) on a busy machine
});

describe('the chaos container holds nothing more than it needs', () => {
  afterEach(async () => {
    await make('chaos-stop');
  });

  it('no capability, a read-only root filesystem, no new privileges; only the Docker socket and its state mounted', async () => {
    await startChaos('kill-idle');
    const [hostConfig, mounts] = ['{{ json .HostConfig }}', '{{ json .Mounts }}'].map((format) =>
      JSON.parse(docker('inspect', '-f', format, containerOf('chaos'))),
    );
    expect(hostConfig).toMatchObject({ Privileged: false, ReadonlyRootfs: true, CapDrop: ['ALL'], CapAdd: null });
    expect(hostConfig.SecurityOpt).toContain('no-new-privileges:true');
    expect((mounts as { Destination: string }[]).map((m) => m.Destination).sort()).toEqual([
      '/var/lib/chaos',
      '/var/run/docker.sock',
    ]);
  });
});

describe('make says what the chaos is doing', () => {
  afterEach(async () => {
    await make('chaos-stop');
  });

  it('make chaos during a db-down outage says that chaos (db-down) runs, not "make up first"', async () => {
    await startChaos('db-down');
    await waitFor('the database to be stopped', () => !isRunning(containerOf('db')), { timeoutMs: 30_000 });
    const other = await make('chaos');
    expect(other.code).not.toBe(0);
    expect(other.output).toContain('chaos (db-down) is running: make chaos-stop first');
    expect(other.output).not.toContain('make up first');
    const same = await make('chaos MODE=db-down');
    expect(same.code).toBe(0);
    expect(same.output).toContain('chaos (db-down) is already running');
  });

  it.each(['kill-idle', 'restart-db'])('make up STRATEGY=naive while %s runs says so within seconds', async (mode) => {
    await startChaos(mode);
    const started = Date.now();
    const { code, output } = await make('up STRATEGY=naive', 60_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).not.toBe(0);
    expect(output).toContain(`chaos (${mode}) is running: make chaos-stop first`);
    expect(output).not.toMatch(/DB=|IMAGES=/);
  });
});

describe('make down and make clean leave nothing behind, whatever the chaos is doing', () => {
  it('make down during a db-down outage: no container, no network; the data volume stays', async () => {
    await startChaos('db-down');
    await waitFor('the database to be stopped', () => !isRunning(containerOf('db')), { timeoutMs: 30_000 });
    const { code, output } = await make('down');
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('Stopping chaos (db-down) first') });
    expect(ofProject('ps')).toBe('');
    expect(ofProject('network')).toBe('');
    expect(ofProject('volume')).not.toBe('');
  });

  it('make down after a freeze was killed: the database is unpaused first, then nothing is left but the volume', async () => {
    await makeUp();
    await startChaos('freeze');
    await waitFor('the database to be paused', () => stateOf(containerOf('db')) === 'paused', { timeoutMs: 30_000 });
    docker('kill', containerOf('chaos'));
    const { code, output } = await make('down');
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('freeze had paused it') });
    expect(ofProject('ps')).toBe('');
  }, 400_000); // room for make up (itself up to 300 s) on a busy machine

  it('make clean during a db-down outage: no container, no network, no volume', async () => {
    await makeUp();
    await startChaos('db-down');
    await waitFor('the database to be stopped', () => !isRunning(containerOf('db')), { timeoutMs: 30_000 });
    const { code } = await make('clean');
    expect(code).toBe(0);
    expect({ containers: ofProject('ps'), networks: ofProject('network'), volumes: ofProject('volume') }).toEqual({
      containers: '',
      networks: '',
      volumes: '',
    });
  }, 400_000); // room for make up (itself up to 300 s) on a busy machine
});
