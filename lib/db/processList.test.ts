import { processListSource, toProcessRow } from './processList';

describe('toProcessRow', () => {
  it('reads a SHOW FULL PROCESSLIST row from MariaDB (with its Progress column)', () => {
    const raw = {
      Id: 12n,
      User: 'simplerr',
      Host: '172.18.0.3:51234',
      db: 'simplerr_schema',
      Command: 'Sleep',
      Time: 7,
      State: '',
      Info: null,
      Progress: 0,
    };
    expect(toProcessRow(raw)).toEqual({
      id: 12,
      user: 'simplerr',
      host: '172.18.0.3:51234',
      command: 'Sleep',
      timeSeconds: 7,
      state: null,
      statement: null,
    });
  });

  it('reads a MySQL performance_schema.processlist row, with a BIGINT UNSIGNED id and a running statement', () => {
    const raw = {
      ID: 9007n,
      USER: 'simplerr',
      HOST: '127.0.0.1:40112',
      COMMAND: 'Query',
      TIME: 2,
      STATE: 'User sleep',
      INFO: 'SELECT SLEEP(3)',
    };
    expect(toProcessRow(raw)).toEqual({
      id: 9007,
      user: 'simplerr',
      host: '127.0.0.1:40112',
      command: 'Query',
      timeSeconds: 2,
      state: 'User sleep',
      statement: 'SELECT SLEEP(3)',
    });
  });

  it('reads information_schema.PROCESSLIST column names too', () => {
    const raw = { ID: 5, USER: 'simplerr', COMMAND: 'Sleep', TIME: 4, STATE: null, INFO: null };
    expect(toProcessRow(raw)).toMatchObject({ id: 5, user: 'simplerr', command: 'Sleep', timeSeconds: 4 });
  });
});

describe('processListSource', () => {
  it('is performance_schema.processlist on MySQL, which deprecates information_schema.PROCESSLIST', () => {
    expect(processListSource('MySQL')).toBe('performance_schema.processlist');
  });
  it('is information_schema.PROCESSLIST on MariaDB, which has no performance_schema.processlist', () => {
    expect(processListSource('MariaDB')).toBe('information_schema.PROCESSLIST');
  });
});
