/**
 * The lab's .env as a learner has it: .env (made by `make up`), else .env.example, both at the
 * repository root. The one reader of those files for the programs that run on the host next to the
 * lab: the drill (labSettings.ts) and the end-to-end tests (test/support/labEnv.ts). The app and
 * the chaos program never read it: compose hands them its values as environment variables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder holding package.json, searched upwards: the same from drill/src (ts-jest) and dist/drill/src. */
export function findRepoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/**
 * KEY=value lines of a dotenv file, read as docker compose reads them (the Makefile's env_value agrees):
 * comments and blank lines skipped, `export ` before a key allowed, the last line of a key wins.
 * '...' is taken as written; "..." with its backslash escapes undone; after a closing quote nothing
 * counts. An unquoted value ends where " #" starts a comment, and its trailing blanks are dropped.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match) env[match[1]] = dotEnvValue(match[2]);
  }
  return env;
}

function dotEnvValue(raw: string): string {
  const single = /^'([^']*)'/.exec(raw);
  if (single) return single[1];
  const double = /^"((?:[^"\\]|\\.)*)"/.exec(raw);
  if (double) return double[1].replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
  return raw.replace(/ #.*$/, '').trimEnd();
}

/** The first of .env and .env.example that exists at the root, parsed (empty when neither does). */
export function readLabEnvFile(root = findRepoRoot()): Record<string, string> {
  const file = [join(root, '.env'), join(root, '.env.example')].find(existsSync);
  return file ? parseDotEnv(readFileSync(file, 'utf8')) : {};
}
