import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './labEnv';

/** What `make` needs to run outside the repository: the Makefile, compose's file, the settings, and
 * the strategy and chaos mode names the Makefile includes (lib/settings/lists.mk). */
const MAKE_FILES = ['Makefile', 'docker-compose.yml', '.env.example', 'lib/settings/lists.mk'];

/** A checkout of its own in a new temporary folder whose name starts with `prefix`: make runs there. */
export function makeCheckout(prefix: string): string {
  const checkout = mkdtempSync(join(tmpdir(), prefix));
  for (const file of MAKE_FILES) {
    mkdirSync(dirname(join(checkout, file)), { recursive: true });
    copyFileSync(join(REPO_ROOT, file), join(checkout, file));
  }
  return checkout;
}
