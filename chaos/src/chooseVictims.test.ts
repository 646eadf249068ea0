import { chooseIdleVictims, chooseRunningQueries } from './chooseVictims';
import type { ProcessRow } from '../../lib/db/processList';

function row(
  id: number,
  user: string,
  command: string,
  timeSeconds: number,
  statement: string | null = null,
): ProcessRow {
  return { id, user, host: '172.18.0.3:51234', command, timeSeconds, state: null, statement };
}

const processList: ProcessRow[] = [
  row(1, 'event_scheduler', 'Daemon', 900),
  row(10, 'simplerr', 'Sleep', 7),
  row(11, 'simplerr', 'Sleep', 0), // between two statements of a live request
  row(12, 'simplerr', 'Query', 2, 'SELECT SLEEP(3)'),
  row(13, 'simplerr', 'Execute', 0, 'SELECT * FROM person WHERE id = ?'),
  row(14, 'simplerr', 'Killed', 5),
  row(20, 'simplerr_chaos', 'Sleep', 30), // the chaos itself, as another user
  row(21, 'root', 'Sleep', 300),
  row(22, 'simplerr', 'Sleep', 3),
];

describe('chooseIdleVictims', () => {
  it('picks only the target user sleeping at least minIdleSeconds, longest idle first', () => {
    const victims = chooseIdleVictims(processList, { targetUser: 'simplerr', minIdleSeconds: 1, ownId: 20 });
    expect(victims.map((v) => v.id)).toEqual([10, 22]);
  });

  it('with minIdleSeconds 0 takes every sleeping connection of the user', () => {
    const victims = chooseIdleVictims(processList, { targetUser: 'simplerr', minIdleSeconds: 0, ownId: 20 });
    expect(victims.map((v) => v.id)).toEqual([10, 22, 11]);
  });

  it('never picks its own connection, even when it is the target user', () => {
    const victims = chooseIdleVictims(processList, { targetUser: 'simplerr_chaos', minIdleSeconds: 0, ownId: 20 });
    expect(victims).toEqual([]);
  });

  it('ignores rows without a usable thread id', () => {
    const victims = chooseIdleVictims([row(Number.NaN, 'simplerr', 'Sleep', 9), row(0, 'simplerr', 'Sleep', 9)], {
      targetUser: 'simplerr',
      minIdleSeconds: 0,
      ownId: null,
    });
    expect(victims).toEqual([]);
  });
});

describe('chooseRunningQueries', () => {
  it('picks the target user running a plain or prepared statement, not sleeping or dying ones', () => {
    const running = chooseRunningQueries(processList, { targetUser: 'simplerr', ownId: 20 });
    expect(running.map((r) => r.id)).toEqual([12, 13]);
  });

  it('never interrupts its own statement', () => {
    const own = [row(30, 'simplerr_chaos', 'Query', 0, 'SHOW FULL PROCESSLIST')];
    expect(chooseRunningQueries(own, { targetUser: 'simplerr_chaos', ownId: 30 })).toEqual([]);
  });
});
