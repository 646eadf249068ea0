import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { DOCS_ROOT as ROOT, markdownDocs } from '../support/markdownDocs';

/**
 * The links between README.md and docs/ lead somewhere: a relative link names a file of the repository,
 * and a `#fragment` a heading of the Markdown file it points into (GitHub's anchors). Moving a section
 * from one file to another cannot leave a reader at a dead link.
 */
const DOCS = [...markdownDocs(), 'chaos/src/README.md'];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsIn(path: string): Set<string> {
  const headings = readFileSync(join(ROOT, path), 'utf8')
    .replace(/^```[\s\S]*?^```$/gm, '')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line));
  return new Set(headings.map((line) => anchorOf(line.replace(/^#+ /, ''))));
}

/** What is wrong with each link of a file (none when every link leads somewhere). */
function deadLinks(doc: string): string[] {
  const text = readFileSync(join(ROOT, doc), 'utf8').replace(/^```[\s\S]*?^```$/gm, '');
  const dead: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
    const [file, fragment] = target.split('#');
    const path = file === '' ? doc : normalize(join(dirname(doc), file));
    if (!existsSync(join(ROOT, path))) dead.push(`${target}: ${path} does not exist`);
    else if (fragment !== undefined && statSync(join(ROOT, path)).isFile() && path.endsWith('.md')) {
      if (!anchorsIn(path).has(fragment)) dead.push(`${target}: no heading #${fragment} in ${path}`);
    }
  }
  return dead;
}

describe('the links of README.md and docs/ lead somewhere', () => {
  it('anchors are GitHub’s', () => {
    expect(anchorOf('9. Change a setting, look at the logs, clean up')).toBe(
      '9-change-a-setting-look-at-the-logs-clean-up',
    );
    expect(anchorOf('MySQL 9.7 and MariaDB 11.8: what differs')).toBe('mysql-97-and-mariadb-118-what-differs');
    expect(anchorOf("Naive's one session")).toBe('naives-one-session');
  });
  it.each(DOCS)('%s', (doc) => {
    expect(deadLinks(doc)).toEqual([]);
  });
});
