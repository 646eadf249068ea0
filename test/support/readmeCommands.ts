import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './labEnv';

export interface ReadmeCommand {
  /** The `###` heading the command is under. */
  readonly section: string;
  /** What follows `$ ` on the line. */
  readonly command: string;
  /** The output the README shows for it (the lines up to the next `$ ` or the end of the block). */
  readonly shownOutput: string;
}

/**
 * Every `$ command` of README.md's ```console blocks, in order: the walkthrough a learner types.
 * (```sh blocks are what CI runs itself, e.g. `make test`.)
 */
export function readmeCommands(markdown = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')): ReadmeCommand[] {
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
  return commands.map(({ section, command, shown }) => ({ section, command, shownOutput: shown.join('\n') }));
}
