import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CHAOS_MODES } from '../../chaos/src';
import { parseDotEnv } from '../../lib/settings/labEnvFile';
import { lab, REPO_ROOT } from '../support/labEnv';
import { makeCheckout } from '../support/makeCheckout';
import { runShellCommand } from '../../lib/shellCommand';

/**
 * What `make` does with the settings a learner writes, before anything starts: a wrong value stops it
 * at once, naming the variable as the learner wrote it; the project it looks at is the one compose
 * uses. Each case runs in a checkout of its own (the Makefile, the compose file and a .env of the
 * case's making in a temporary folder), so it can neither touch the lab nor be touched by its .env.
 */
const example = parseDotEnv(readFileSync(join(REPO_ROOT, '.env.example'), 'utf8'));
// Should a case start anything after all, it is in a project of this lab's name, never another's.
const CASE_PROJECT = `${lab.composeProject}-settings`;

let checkout: string;
beforeEach(() => {
  // The folder's name is not the project's: compose would name the project after it.
  checkout = makeCheckout('Another-Checkout-');
});
afterEach(() => rmSync(checkout, { recursive: true, force: true }));

/** Writes the checkout's .env: .env.example with `changes` (undefined drops the key). */
function writeEnv(changes: Record<string, string | undefined>): void {
  const settings: Record<string, string | undefined> = { ...example, COMPOSE_PROJECT_NAME: CASE_PROJECT, ...changes };
  const lines = Object.entries(settings).flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${value}`]));
  writeFileSync(join(checkout, '.env'), `${lines.join('\n')}\n`);
}

function make(args: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'STRATEGY',
    'MODE',
    'COMPOSE_PROJECT_NAME',
    'DB_PASSWORD',
    'ROOT_DB_PASSWORD',
    'CHAOS_DB_PASSWORD',
  ])
    delete env[name];
  return runShellCommand(`make --no-print-directory ${args}`, { env, cwd: checkout, timeoutMs: 60_000 });
}

describe('make checks MODE before it reaches a shell', () => {
  it.each([
    [`"MODE=x'; echo INJECTED; '"`, `x'; echo INJECTED; '`],
    ['"MODE=kill-idle junk"', 'kill-idle junk'],
    ['MODE=kill_idle', 'kill_idle'],
  ])('make chaos %s stops at once and lists the valid modes', async (arg, value) => {
    writeEnv({});
    const { code, output } = await make(`chaos ${arg}`);
    expect(code).not.toBe(0);
    expect(output).toContain(`MODE=${value}: use one of ${CHAOS_MODES.join(' ')}`);
    expect(output).not.toMatch(/^INJECTED$/m);
    expect(output).not.toMatch(/database is not running/); // nothing ran
  });

  it.each([
    [`"STRATEGY=pool x'; echo INJECTED; '"`, `STRATEGY=pool x'; echo INJECTED; ': use one of naive per-request pool`],
    ['"DB=mysql junk"', 'DB=mysql junk: use one of mysql mariadb'],
    ['"CONCURRENCY=8; echo INJECTED"', 'CONCURRENCY=8; echo INJECTED: use a whole number'],
  ])('make up %s: a value that merely contains a valid one stops too', async (arg, message) => {
    writeEnv({});
    const { code, output } = await make(`up ${arg}`);
    expect(code).not.toBe(0);
    expect(output).toContain(message);
    expect(output).not.toMatch(/^INJECTED$/m);
  });

  it('lists exactly the modes the chaos program knows', async () => {
    writeEnv({});
    const { output } = await make('chaos MODE=nope');
    const listed = /use one of (.*?)\.?\s*Stop\./.exec(output)?.[1].split(' ');
    expect(listed).toEqual([...CHAOS_MODES]);
  });
});

describe('make names the .env key that is wrong, as the learner wrote it', () => {
  it('a STRATEGY in .env that is not a strategy stops make up at once, named as it is written in .env', async () => {
    writeEnv({ STRATEGY: 'pooled' });
    const started = Date.now();
    const { code, output } = await make('up');
    expect(code).not.toBe(0);
    expect(output).toContain('STRATEGY=pooled in .env: use one of naive per-request pool');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a SHUTDOWN_TIMEOUT_MS that is not a number of ms stops make up at once (compose derives a duration of it)', async () => {
    writeEnv({ SHUTDOWN_TIMEOUT_MS: '60s' });
    const { code, output } = await make('up');
    expect(code).not.toBe(0);
    expect(output).toContain('SHUTDOWN_TIMEOUT_MS=60s: use a whole number');
  });

  it.each(['ROOT_DB_PASSWORD', 'DB_PASSWORD', 'CHAOS_DB_PASSWORD'])(
    '%s missing or empty in .env: make says which key, before compose',
    async (key) => {
      const seen = [];
      for (const value of [undefined, '']) {
        writeEnv({ [key]: value });
        for (const target of ['up', 'chaos', 'down']) {
          const { code, output } = await make(target);
          seen.push({
            [`make ${target} with ${key}=${value ?? '(no line)'}`]: {
              failed: code !== 0,
              namesTheKey: output.includes(`${key} is not set: give it a value in .env`),
              // compose's own template, misleading once .env exists
              saysMakeUpCreatesEnv: output.includes('make up creates .env'),
            },
          });
        }
      }
      const expected = { failed: true, namesTheKey: true, saysMakeUpCreatesEnv: false };
      expect(seen).toEqual(seen.map((s) => Object.fromEntries(Object.keys(s).map((k) => [k, expected]))));
    },
  );
});

describe('make and compose agree on the project', () => {
  /** The project the Makefile looks at, compose's own, and the one the chaos container is told. */
  async function projects() {
    const recipe = 'print-projects: ; @echo "$(PROJECT)"; $(COMPOSE) config --format json';
    const { code, output } = await make(`--eval '${recipe}' print-projects`);
    expect(code).toBe(0);
    const [makeProject, ...json] = output.split('\n');
    const config = JSON.parse(json.join('\n').slice(json.join('\n').indexOf('{'))) as {
      name: string;
      services: { chaos: { environment: Record<string, string> } };
    };
    return { make: makeProject, compose: config.name, chaos: config.services.chaos.environment.COMPOSE_PROJECT_NAME };
  }

  it("without COMPOSE_PROJECT_NAME in .env, all three are simplerr-lab, not the folder's name", async () => {
    writeEnv({ COMPOSE_PROJECT_NAME: undefined });
    expect(basename(checkout).toLowerCase()).not.toBe('simplerr-lab');
    expect(await projects()).toEqual({ make: 'simplerr-lab', compose: 'simplerr-lab', chaos: 'simplerr-lab' });
  });

  it('with COMPOSE_PROJECT_NAME in .env, all three take it', async () => {
    writeEnv({});
    expect(await projects()).toEqual({ make: CASE_PROJECT, compose: CASE_PROJECT, chaos: CASE_PROJECT });
  });
});

describe('make reads .env as compose does: quotes, inline comments', () => {
  /** What the Makefile takes from .env, and what compose's own `config` takes (the referee). */
  async function values() {
    const recipe =
      'print-values: ; @echo "$(PROJECT) $(APP_URL) $(call env_value,DB_PUBLISHED_PORT) $(call env_value,STRATEGY)"; $(COMPOSE) config --format json';
    const { code, output } = await make(`--eval '${recipe}' print-values`);
    expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
    const [makeLine, ...json] = output.split('\n');
    const config = JSON.parse(json.join('\n').slice(json.join('\n').indexOf('{'))) as {
      name: string;
      services: Record<string, { ports: { published: string }[]; environment: Record<string, string> }>;
    };
    const { app, db } = config.services;
    return {
      make: makeLine,
      compose: `${config.name} http://localhost:${app.ports[0].published} ${db.ports[0].published} ${app.environment.STRATEGY}`,
    };
  }

  it('quoted values and values with a comment: make takes what compose takes', async () => {
    writeEnv({
      COMPOSE_PROJECT_NAME: `"${CASE_PROJECT}"`,
      APP_PORT: "'18080' # the lab page",
      DB_PUBLISHED_PORT: '13307 # the database',
      STRATEGY: '"pool"',
    });
    expect(await values()).toEqual({
      make: `${CASE_PROJECT} http://localhost:18080 13307 pool`,
      compose: `${CASE_PROJECT} http://localhost:18080 13307 pool`,
    });
  });

  it.each(['"pool"', "'pool'", 'pool # the default here', 'pool#x'])(
    'STRATEGY=%s: make judges the value compose would pass',
    async (written) => {
      writeEnv({ STRATEGY: written });
      const { code, output } = await make(
        `--eval 'print-strategy: ; @echo "$(call env_value,STRATEGY)"' print-strategy`,
      );
      if (written === 'pool#x') {
        // No space before #: compose passes it all, and make refuses it, as the app would.
        expect(output).toContain('STRATEGY=pool#x in .env: use one of naive per-request pool');
      } else {
        expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'pool' });
      }
    },
  );
});

describe('make drill refuses a value the drill would refuse, before it touches the lab', () => {
  it.each([
    ['DURATION=0', 'DURATION=0: use a whole number from 1 to 3600'],
    ['DURATION=3601', 'DURATION=3601: use a whole number from 1 to 3600'],
    ['CONCURRENCY=0', 'CONCURRENCY=0: use a whole number from 1 to 1000'],
    ['CONCURRENCY=1001', 'CONCURRENCY=1001: use a whole number from 1 to 1000'],
  ])('make drill %s stops at once', async (arg, message) => {
    writeEnv({});
    const started = Date.now();
    const { code, output } = await make(`drill ${arg}`);
    expect({ code: code === 0 ? 0 : 'failed', output }).toEqual({
      code: 'failed',
      output: expect.stringContaining(message),
    });
    expect(output).not.toMatch(/Building|Starting|docker compose/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
