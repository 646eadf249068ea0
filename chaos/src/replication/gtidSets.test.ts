import { countMariadbMissing, countMysqlGtids, parseMariadbGtidState } from './gtidSets';

describe('countMysqlGtids', () => {
  it('counts intervals and single transactions of every source', () => {
    expect(countMysqlGtids('')).toBe(0);
    expect(countMysqlGtids('3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5')).toBe(5);
    expect(
      countMysqlGtids('3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7:9-10,\n8f5a0e1c-71ca-11e1-9e33-c80aa9429562:3'),
    ).toBe(9);
  });

  it('skips the tags MySQL 8.4 allows', () => {
    expect(countMysqlGtids('3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2:lab:1-3')).toBe(5);
  });
});

describe('MariaDB GTID states', () => {
  it('keeps the last sequence number of each domain and server', () => {
    expect([...parseMariadbGtidState('0-1-120,0-2-131')]).toEqual([
      ['0-1', 120],
      ['0-2', 131],
    ]);
    expect(() => parseMariadbGtidState('0-1')).toThrow('not a MariaDB GTID: 0-1');
  });

  it("counts the server's own transactions the other never received", () => {
    // db (server 1) wrote up to 120; the promoted db2 had received up to 115 and then wrote on its own.
    expect(countMariadbMissing('0-1-120,0-2-100', '0-1-115,0-2-131')).toBe(5);
    expect(countMariadbMissing('0-1-120', '0-1-120,0-2-131')).toBe(0);
    expect(countMariadbMissing('0-1-3', '')).toBe(3);
    // After a switchover the old primary's newest transactions came from the new one: nothing is missing.
    expect(countMariadbMissing('0-1-115,0-2-131', '0-1-115,0-2-131,0-1-140')).toBe(0);
  });
});
