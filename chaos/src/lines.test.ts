import {
  chaosLine,
  chaosLineTime,
  clockTime,
  PRIMARY_CRASH_DONE,
  switchoverDone,
  countOf,
  formatSeconds,
  interruptLine,
  killLine,
  shortStatement,
  summaryLine,
} from './lines';

describe('the lines the chaos prints', () => {
  it('formats durations for a person', () => {
    expect(formatSeconds(7)).toBe('7s');
    expect(formatSeconds(0.2)).toBe('0.2s');
    expect(formatSeconds(0.25)).toBe('0.3s');
    expect(formatSeconds(2.345)).toBe('2.3s');
    expect(formatSeconds(61)).toBe('61s');
    expect(formatSeconds(12.6)).toBe('13s');
  });

  it('prints a kill with the connection id, idle time and running total', () => {
    expect(killLine({ id: 42, idleSeconds: 7 }, 3)).toBe('kill-idle: killed connection 42 (idle 7s) — total 3');
  });

  it('prints an interrupted statement shortened to one line', () => {
    const query = { id: 8, runningSeconds: 2, statement: 'SELECT id,\n  firstname FROM person WHERE SLEEP(3) = 0' };
    expect(interruptLine(query, 1)).toBe(
      'kill-active: interrupted the statement of connection 8 after 2s: SELECT id, firstname FROM person WHERE SLEEP(3) = 0 — total 1',
    );
    expect(shortStatement('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
    expect(shortStatement(null)).toBe('(statement already finished)');
  });

  it('shows a statement without its data: string literals become ?, so no name reaches the log or the page', () => {
    expect(shortStatement("INSERT INTO person (firstname, surname) VALUES ('Ada', 'O\\'Brien')")).toBe(
      'INSERT INTO person (firstname, surname) VALUES (?, ?)',
    );
    expect(shortStatement('SELECT id FROM person WHERE SLEEP(0.15) = 0')).toBe(
      'SELECT id FROM person WHERE SLEEP(0.15) = 0',
    );
    expect(shortStatement("SELECT \"Grace\" AS n, 'it''s'")).toBe('SELECT ? AS n, ?');
  });

  it('counts in words', () => {
    expect(countOf(1, 'connection', 'connections', 'killed')).toBe('1 connection killed');
    expect(countOf(9, 'connection', 'connections', 'killed')).toBe('9 connections killed');
  });

  it('summarises a run', () => {
    expect(summaryLine({ mode: 'kill-idle', rounds: 12, actions: '9 connections killed', elapsedMs: 61_200 })).toBe(
      'chaos stopped: mode kill-idle, 12 rounds, 9 connections killed in 61s',
    );
    expect(summaryLine({ mode: 'db-down', rounds: 1, actions: '1 outage caused', elapsedMs: 400 })).toBe(
      'chaos stopped: mode db-down, 1 round, 1 outage caused in 0s',
    );
  });

  it('puts the UTC time of day before a line', () => {
    expect(clockTime(new Date('2026-01-02T06:12:03.412Z'))).toBe('06:12:03.412');
  });
});

describe('chaosLineTime', () => {
  it("reads a chaos log line's clock time as today's, UTC, and yesterday's just after midnight", () => {
    const now = Date.UTC(2026, 11, 5, 5, 30);
    expect(chaosLineTime('05:29:58.120 failover: endpoint moved to db2', now)).toBe(
      Date.UTC(2026, 11, 5, 5, 29, 58, 120),
    );
    expect(chaosLineTime('23:59:59.000 x', Date.UTC(2026, 11, 5, 0, 0, 5))).toBe(Date.UTC(2026, 11, 4, 23, 59, 59));
    expect(() => chaosLineTime('no clock here')).toThrow(/not a chaos log line/);
  });
});

describe('chaosLine', () => {
  it("finds a log's first matching line, whole at [0] and the pattern's groups after it, or names the pattern", () => {
    const log =
      '05:29:57.001 failover: starting\n05:29:58.120 failover: endpoint moved to db2: new connections go there\n';
    expect([...chaosLine(log, / endpoint moved to (db2?)/)]).toEqual([
      '05:29:58.120 failover: endpoint moved to db2: new connections go there',
      'db2',
    ]);
    expect(() => chaosLine(log, /switchover 1 in/)).toThrow(/no chaos line matches \/switchover 1 in\//);
  });
});

describe('the lines that end a round', () => {
  it("match failover's switchover n and primary-crash's verdict, as the modes print them", () => {
    const line = '05:29:58.120 failover: db2 is the primary now, db its read-only replica — switchover 1 in 2.1s';
    expect(switchoverDone(1).test(line)).toBe(true);
    expect(switchoverDone(1).test(line.replace('switchover 1', 'switchover 10'))).toBe(false);
    expect(
      PRIMARY_CRASH_DONE.test(
        '05:30:01.002 primary-crash: 3 transaction(s) committed and acknowledged on db never reached db2: lost with asynchronous replication; db re-seeded',
      ),
    ).toBe(true);
  });
});
