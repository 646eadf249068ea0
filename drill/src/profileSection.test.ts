import { sampleSectionRows } from './fixtures/sampleRun';
import { tableCells } from './fixtures/tableCells';
import { functionsThatGrew, profileSection } from './profileSection';
import type { ProfileRow } from './figures';

const [naive, pool] = sampleSectionRows.filter((row): row is ProfileRow => row.kind === 'profile');

describe('profileSection', () => {
  const section = profileSection(sampleSectionRows);

  it("gives each part's µs per answer for each profiled strategy, and the difference", () => {
    // naive: 50,000 answers, 1 s of writes and 0.25 s in the connector; pool: 25,000 answers, 1.25 s and 0.5 s.
    expect(tableCells(section, /^What ran/)).toEqual([
      ['What ran (self time)', 'naive, µs per answer', 'pool, µs per answer', 'pool − naive'],
    ]);
    expect(tableCells(section, /^socket writes$/)).toEqual([['socket writes', '20', '50', '+30']]);
    expect(tableCells(section, /^the connector/)).toEqual([['the connector (mariadb)', '5', '20', '+15']]);
    expect(tableCells(section, /^garbage collection$/)).toEqual([['garbage collection', '0', '0', '+0']]);
    expect(tableCells(section, /main thread, not idle/)).toEqual([
      ['**the main thread, not idle**', '25', '70', '+45'],
    ]);
    expect(tableCells(section, /\/proc/)).toEqual([['the app process, all its threads (/proc)', '150', '150', '+0']]);
    expect(tableCells(section, /^req\/s/)).toEqual([['req/s while profiled', '5,000', '2,500', '−2,500']]);
  });

  it('names the functions whose own time per answer grew most, largest first', () => {
    expect(section).toContain('The functions whose own time per answer grew most from naive to pool:');
    expect(section).toContain('- `writev`: +30 µs (naive 20, pool 50)');
    expect(section.indexOf('- `writev`: +30 µs (naive 20, pool 50)')).toBeLessThan(
      section.indexOf('- `_acquireIdleConnection (mariadb/dist/promise.cjs:34)`: +15 µs (naive 5, pool 20)'),
    );
    expect(functionsThatGrew(pool, naive)).toEqual([]); // nothing grew the other way round
    expect(functionsThatGrew(naive, pool, 1).map((fn) => fn.name)).toEqual(['writev']);
  });

  it('compares nothing with one profiled strategy, and is left out with none', () => {
    const one = profileSection([pool]);
    expect(tableCells(one, /^What ran/)).toEqual([['What ran (self time)', 'pool, µs per answer']]);
    expect(one.join('\n')).not.toContain('grew most');
    expect(profileSection([])).toEqual([]);
  });
});
