import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot, parseDotEnv, readLabEnvFile } from './labEnvFile';

describe('parseDotEnv', () => {
  it('reads KEY=value lines, skips comments and blanks, removes one pair of quotes', () => {
    expect(
      parseDotEnv('# comment\n\nDB_NAME=simplerr_schema\nDB_PASSWORD="se cret"\n  APP_PORT = 8080 \nlower=no\n'),
    ).toEqual({ DB_NAME: 'simplerr_schema', DB_PASSWORD: 'se cret', APP_PORT: '8080' });
  });

  // What docker compose 2.26 takes from each line (checked with `docker compose config`).
  it.each([
    ['STRATEGY=pool # comment', 'pool'],
    ['STRATEGY=pool#not-a-comment', 'pool#not-a-comment'],
    ['STRATEGY=#not-a-comment', '#not-a-comment'],
    ['STRATEGY="pool" # comment', 'pool'],
    ["STRATEGY='pool' # comment", 'pool'],
    ['DB_PASSWORD="a # b"', 'a # b'],
    [String.raw`DB_PASSWORD='a \" $x # b'`, String.raw`a \" $x # b`],
    [String.raw`DB_PASSWORD="a \" b \\ c"`, String.raw`a " b \ c`],
    ['export APP_PORT=18080', '18080'],
    ['  APP_PORT = 18080  ', '18080'],
    ['APP_PORT=', ''],
  ])('reads %s as compose does', (line, value) => {
    expect(parseDotEnv(`${line}\n`)).toEqual({ [line.replace(/^\s*(export\s+)?|\s*=.*$/g, '')]: value });
  });
});

describe('readLabEnvFile', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lab-env-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('reads .env when there is one, never mixing in .env.example', async () => {
    await writeFile(join(root, '.env'), 'APP_PORT=9000\n');
    await writeFile(join(root, '.env.example'), 'APP_PORT=8080\nDB_NAME=example\n');
    expect(readLabEnvFile(root)).toEqual({ APP_PORT: '9000' });
  });

  it('falls back on .env.example before the first make up, and on nothing without either', async () => {
    expect(readLabEnvFile(root)).toEqual({});
    await writeFile(join(root, '.env.example'), 'APP_PORT=8080\n');
    expect(readLabEnvFile(root)).toEqual({ APP_PORT: '8080' });
  });
});

it('finds the repository root from this folder', () => {
  expect(JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')).name).toBe('simplerr-mysql-lab');
});
