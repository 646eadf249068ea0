import { DatabaseTimeoutError } from '../../../lib/db/errors';
import { appConnectionsOf, toServerCards } from './serverCards';
import type { LiveConnection, ServerLook } from './serverLook';

const conn = (id: number): LiveConnection => ({ id, command: 'Sleep', idleSeconds: 1, state: null });

function look(serverId: number, lookId: number, connectionIds: number[], more: Partial<ServerLook> = {}): ServerLook {
  return {
    server: { flavor: 'MySQL', version: '9.7.4' },
    serverId,
    lookId,
    connections: connectionIds.map(conn),
    readOnly: false,
    superReadOnly: false,
    replica: undefined,
    ...more,
  };
}

const replicaOf = (source: string) => ({ source, running: true, lagSeconds: 0, error: '' });

describe('toServerCards', () => {
  it('calls the server behind the endpoint the primary, and counts the app connections without the looks', () => {
    // db (server 11) is behind the endpoint: the endpoint's look (id 50) shows among db's threads, and db's look (id 60) among the endpoint's.
    const endpoint = look(11, 50, [1, 2, 60]);
    const db = look(11, 60, [1, 2, 50]);
    const db2 = look(22, 70, [9], { readOnly: true, superReadOnly: true, replica: replicaOf('db') });
    const cards = toServerCards(
      [
        { name: 'db', look: db },
        { name: 'db2', look: db2 },
      ],
      endpoint,
    );
    expect(cards.map((c) => [c.name, c.role, c.appConnections])).toEqual([
      ['db', 'primary', 2],
      ['db2', 'replica', 1],
    ]);
    expect(cards[1]).toMatchObject({ readOnly: true, superReadOnly: true, replica: replicaOf('db'), error: null });
    expect(appConnectionsOf(endpoint, [endpoint, db, db2]).map((c) => c.id)).toEqual([1, 2]);
  });

  it('shows a failover: the roles follow the endpoint, and connections left on the old primary still count there', () => {
    const endpoint = look(22, 51, [5, 61]);
    const cards = toServerCards(
      [
        { name: 'db', look: look(11, 60, [1, 2], { readOnly: true, replica: replicaOf('db2') }) },
        { name: 'db2', look: look(22, 61, [5, 51]) },
      ],
      endpoint,
    );
    expect(cards.map((c) => [c.name, c.role, c.appConnections])).toEqual([
      ['db', 'replica', 2],
      ['db2', 'primary', 1],
    ]);
  });

  it('a promoted server the endpoint has not moved to yet is detached', () => {
    const endpoint = look(11, 50, []);
    const [, db2] = toServerCards(
      [
        { name: 'db', look: look(11, 60, [], { readOnly: true }) },
        { name: 'db2', look: look(22, 61, []) },
      ],
      endpoint,
    );
    expect(db2.role).toBe('detached');
  });

  it('a server that does not answer is down, with the kind of error; with the endpoint down nobody is the primary', () => {
    const timeout = new DatabaseTimeoutError('READY_TIMEOUT_MS', 2000);
    const cards = toServerCards(
      [
        { name: 'db', look: timeout },
        { name: 'db2', look: look(22, 61, [], { replica: replicaOf('db') }) },
      ],
      new Error('connect ECONNREFUSED'),
    );
    expect(cards[0]).toEqual({
      name: 'db',
      role: 'down',
      server: null,
      readOnly: null,
      superReadOnly: null,
      replica: null,
      appConnections: null,
      error: 'database-timeout',
    });
    expect(cards[1].role).toBe('replica');
  });
});
