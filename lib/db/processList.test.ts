import { toProcessRow } from './processList';

describe('toProcessRow', () => {
  it('reads a SHOW FULL PROCESSLIST row from MariaDB (with its Progress column)', () => {
    const raw = { Id: 12n, User: 'simplerr', Host: '172.18.0.3:51234', db: 'simplerr_schema', Command: 'Sleep', Time: 7, State: '', Info: null, Progress: 0 };
    expect(toProcessRow(raw)).toEqual({ id: 12, user: 'simplerr', command: 'Sleep', timeSeconds: 7, state: null, statement: null });
  });

  it('reads a MySQL 8.4 row, with a BIGINT UNSIGNED id and a running statement', () => {
    const raw = { Id: 9007n, User: 'simplerr', Host: 'x', db: null, Command: 'Query', Time: 2, State: 'User sleep', Info: 'SELECT SLEEP(3)' };
    expect(toProcessRow(raw)).toEqual({ id: 9007, user: 'simplerr', command: 'Query', timeSeconds: 2, state: 'User sleep', statement: 'SELECT SLEEP(3)' });
  });

  it('reads information_schema.PROCESSLIST column names too', () => {
    const raw = { ID: 5, USER: 'simplerr', COMMAND: 'Sleep', TIME: 4, STATE: null, INFO: null };
    expect(toProcessRow(raw)).toMatchObject({ id: 5, user: 'simplerr', command: 'Sleep', timeSeconds: 4 });
  });
});
