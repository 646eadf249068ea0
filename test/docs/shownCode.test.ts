import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_ROOT as ROOT, markdownDocs } from '../support/markdownDocs';

/**
 * Code shown in README.md and docs/ is the code: every ```ts block opens with a comment naming the
 * file it comes from (`// app/src/db/strategy.ts`), and its lines are that file's, in order. A line
 * `// ...` leaves lines out; each run of lines between two of them is a contiguous part of the file.
 */
const ELISION = /^\s*\/\/ \.\.\.$/;

interface ShownBlock {
  readonly doc: string;
  readonly line: number;
  readonly lines: readonly string[];
}

function tsBlocks(doc: string): ShownBlock[] {
  const blocks: ShownBlock[] = [];
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```ts') continue;
    const end = lines.indexOf('```', i + 1);
    blocks.push({ doc, line: i + 1, lines: lines.slice(i + 1, end) });
    i = end;
  }
  return blocks;
}

/** The runs of lines between `// ...` lines, blank lines kept as they are part of the file. */
function parts(lines: readonly string[]): string[][] {
  const runs: string[][] = [[]];
  for (const line of lines) {
    if (ELISION.test(line)) runs.push([]);
    else runs[runs.length - 1].push(line);
  }
  return runs.filter((run) => run.length > 0);
}

/** Where `run` starts in `file` at or after `from` (whole lines, exactly), or -1. */
function findRun(file: readonly string[], run: readonly string[], from: number): number {
  for (let at = from; at + run.length <= file.length; at++) {
    if (run.every((line, k) => file[at + k] === line)) return at;
  }
  return -1;
}

/** What is wrong with a shown block, or undefined when it is the file's code. */
function mismatch(block: ShownBlock): string | undefined {
  const path = /^\/\/ (\S+)$/.exec(block.lines[0] ?? '')?.[1];
  if (!path) return 'its first line must name the file it shows: // path/to/file.ts';
  if (!existsSync(join(ROOT, path))) return `${path} does not exist`;
  const file = readFileSync(join(ROOT, path), 'utf8').split('\n');
  let from = 0;
  for (const run of parts(block.lines.slice(1))) {
    const at = findRun(file, run, from);
    if (at < 0) return `these lines are not in ${path} (in this order):\n${run.join('\n')}`;
    from = at + run.length;
  }
  return undefined;
}

const blocks = markdownDocs().flatMap(tsBlocks);

describe('code shown in the docs is the code', () => {
  it('README shows some', () => {
    expect(blocks.filter((b) => b.doc === 'README.md').length).toBeGreaterThan(0);
  });
  it.each(blocks.map((b) => [`${b.doc}:${b.line}`, b] as const))('%s is its file', (_, block) => {
    expect(mismatch(block)).toBeUndefined();
  });
  it('a block that differs from its file is found', () => {
    const shown = {
      doc: 'test',
      line: 1,
      lines: [
        '// app/src/db/strategy.ts',
        'export interface ConnectionStrategy {',
        '  acquire(): Promise<Connection>;',
      ],
    };
    expect(mismatch(shown)).toMatch(/are not in app\/src\/db\/strategy\.ts/);
    expect(mismatch({ ...shown, lines: ['export interface X {}'] })).toMatch(/must name the file/);
  });
});
