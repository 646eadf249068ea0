/**
 * The lists the Makefile checks its settings against (STRATEGY=, MODE=), as make variables. make reads
 * them before anything is built, even on a fresh clone, so they live in a committed file, lists.mk;
 * makeLists.test.ts fails when it differs from these lists. After changing one: npm run make-lists.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHAOS_MODES } from './chaosModes';
import { findRepoRoot } from './labEnvFile';
import { DEFAULT_STRATEGY, STRATEGIES } from './strategies';

/** In the source tree, also when run from dist/. */
export const LISTS_FILE = join(findRepoRoot(), 'lib', 'settings', 'lists.mk');

export function makeLists(): string {
  return [
    '# Written by `npm run make-lists` from lib/settings/strategies.ts and chaosModes.ts: do not edit.',
    `STRATEGIES := ${STRATEGIES.join(' ')}`,
    `DEFAULT_STRATEGY := ${DEFAULT_STRATEGY}`,
    `CHAOS_MODES := ${CHAOS_MODES.join(' ')}`,
    '',
  ].join('\n');
}

if (require.main === module) writeFileSync(LISTS_FILE, makeLists());
