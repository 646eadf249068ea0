import { toReplicaStatus } from './replicaStatus';

describe('toReplicaStatus', () => {
  it("reads MySQL's column names", () => {
    const row = {
      Source_Host: 'db',
      Replica_IO_Running: 'Yes',
      Replica_SQL_Running: 'Yes',
      Seconds_Behind_Source: 3,
      Last_IO_Error: '',
      Last_SQL_Error: '',
    };
    expect(toReplicaStatus(row)).toEqual({ source: 'db', running: true, lagSeconds: 3, error: '' });
  });

  it("reads MariaDB's older names, and a stopped replica has no lag and says why", () => {
    const row = {
      Master_Host: 'db2',
      Slave_IO_Running: 'Connecting',
      Slave_SQL_Running: 'Yes',
      Seconds_Behind_Master: null,
      Last_IO_Error: "error connecting to master 'simplerr_repl@db2:3306'",
      Last_SQL_Error: '',
    };
    expect(toReplicaStatus(row)).toEqual({
      source: 'db2',
      running: false,
      lagSeconds: null,
      error: "error connecting to master 'simplerr_repl@db2:3306'",
    });
  });

  it('is undefined for a server that replicates from nobody (no row, or a reset one)', () => {
    expect(toReplicaStatus(undefined)).toBeUndefined();
    expect(toReplicaStatus({ Source_Host: '' })).toBeUndefined();
  });
});
