import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_ROOT } from './markdownDocs';

export interface ReadmeCommand {
  /** The file the command is in, from the repository's root: `README.md`, `docs/design.md`. */
  readonly doc: string;
  /** The `#` heading the command is under. */
  readonly section: string;
  /** What follows `$ ` on the line. */
  readonly command: string;
  /** The output the file shows for it (the lines up to the next `$ ` or the end of the block). */
  readonly shownOutput: string;
}

/**
 * Every `$ command` of a Markdown file's ```console blocks, in order: what a learner types.
 * (```sh blocks are what the test suite and CI run themselves, e.g. `make test`.)
 */
export function readmeCommands(doc: string, markdown = readFileSync(join(DOCS_ROOT, doc), 'utf8')): ReadmeCommand[] {
  const commands: { section: string; command: string; shown: string[] }[] = [];
  let section = '';
  let inConsole = false;
  for (const line of markdown.split('\n')) {
    if (!inConsole && line.startsWith('#')) section = line.replace(/^#+\s*/, '');
    else if (line.trim() === '```console') inConsole = true;
    else if (inConsole && line.trim() === '```') inConsole = false;
    else if (inConsole && line.startsWith('$ ')) commands.push({ section, command: line.slice(2), shown: [] });
    else if (inConsole) commands.at(-1)?.shown.push(line);
  }
  return commands.map(({ section, command, shown }) => ({ doc, section, command, shownOutput: shown.join('\n') }));
}
