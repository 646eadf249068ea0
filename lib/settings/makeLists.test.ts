import { readFileSync } from 'node:fs';
import { LISTS_FILE, makeLists } from './makeLists';

describe("the Makefile's lists (lib/settings/lists.mk)", () => {
  it('are the strategies, the default and the chaos modes the programs know: run npm run make-lists if not', () => {
    expect(readFileSync(LISTS_FILE, 'utf8')).toBe(makeLists());
  });
});
