import { execFileSync } from 'node:child_process';
import { lab, labEnv } from '../support/labEnv';

/**
 * The db healthcheck runs every 4 s, and the command lines of its processes are readable by every local
 * user (`ps -eo args` on the host, no Docker access needed): no password may be on one. A client lives
 * for milliseconds and masks its -p argument soon after it starts, so sampling `ps` would catch it only
 * now and then. Instead the db container's own healthcheck runs here as Docker runs it, with a shim
 * first on PATH that records the arguments each database client is started with, then starts the real one.
 */
const SHIM_DIR = '/tmp/lab-healthcheck-argv';
const SHIM = `#!/bin/sh
printf '%s\\n' "$0" "$@" >> ${SHIM_DIR}/argv.log
PATH=\${PATH#${SHIM_DIR}:} exec "\${0##*/}" "$@"
`;

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

let db: string;
beforeAll(() => {
  db = docker(
    'ps',
    '-q',
    '--filter',
    `label=com.docker.compose.project=${lab.composeProject}`,
    '--filter',
    'label=com.docker.compose.service=db',
  );
  if (!db) throw new Error(`no running db container in the compose project ${lab.composeProject}`);
  // A shim for each client the image has (MySQL ships mysql, MariaDB 11 mariadb).
  docker(
    'exec',
    db,
    'sh',
    '-c',
    `rm -rf ${SHIM_DIR} && mkdir ${SHIM_DIR} && printf '%s' "$1" > ${SHIM_DIR}/shim && chmod +x ${SHIM_DIR}/shim &&
     for client in mysql mariadb; do if command -v $client >/dev/null; then ln -s shim ${SHIM_DIR}/$client; fi; done`,
    'sh',
    SHIM,
  );
});
afterAll(() => docker('exec', db, 'rm', '-rf', SHIM_DIR));

describe('the db healthcheck', () => {
  it('passes, and starts no process with a password on its command line', () => {
    const [form, ...command] = JSON.parse(docker('inspect', '-f', '{{json .Config.Healthcheck.Test}}', db)) as string[];
    const argv = form === 'CMD-SHELL' ? ['sh', '-c', command[0]] : command;
    // As Docker runs it (the container's environment), with the shims first on PATH.
    docker('exec', db, 'sh', '-c', `PATH=${SHIM_DIR}:$PATH exec "$@"`, 'sh', ...argv);

    const clientArgs = docker('exec', db, 'cat', `${SHIM_DIR}/argv.log`);
    expect(clientArgs).toMatch(/(mysql|mariadb)\n/); // the client ran, through the shim
    const env = labEnv();
    for (const secret of [lab.appPassword, lab.chaosPassword, env.ROOT_DB_PASSWORD]) {
      expect(argv.join(' ')).not.toContain(secret);
      expect(clientArgs).not.toContain(secret);
    }
  });
});
