import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../lib/settings/labEnvFile';

export const DOCS_ROOT = findRepoRoot(__dirname);

/** README.md, then every Markdown file of docs/ by name: the files a learner reads, from the repository's root. */
export function markdownDocs(): string[] {
  const docs = readdirSync(join(DOCS_ROOT, 'docs')).filter((f) => f.endsWith('.md'));
  return ['README.md', ...docs.sort().map((f) => `docs/${f}`)];
}
