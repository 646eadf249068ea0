import * as mariadb from 'mariadb';
import pino from 'pino';
import { loginOptions } from '../../lib/db/loginOptions';
import { summarizeDbError } from '../../lib/db/errors';
import { appLogin } from '../support/labEnv';

/**
 * A failed write is logged by its error, never by its parameters: people's names stay out of the
 * logs. The connector puts a statement's parameters into its error messages unless told not to.
 */
describe('a failed INSERT, as the app would log it', () => {
  it('names the error and the statement, not the person', async () => {
    const conn = await mariadb.createConnection(loginOptions(appLogin));
    conn.on('error', () => {});
    const secretName = `Ada-${Date.now()}`;
    let failure: unknown;
    try {
      // Too long for the column: the server refuses it (the app's own validation would refuse it first).
      await conn.query('INSERT INTO person (firstname, surname) VALUES (?, ?)', [secretName, 'x'.repeat(300)]);
    } catch (err) {
      failure = err;
    } finally {
      await conn.end();
    }
    expect(failure).toMatchObject({ errno: 1406, code: 'ER_DATA_TOO_LONG' });
    const logged = [
      JSON.stringify(summarizeDbError(failure)), // what the app logs of an expected database failure
      JSON.stringify(pino.stdSerializers.err(failure as Error)), // what it logs of an internal one
    ];
    for (const line of logged) {
      expect(line).toContain('INSERT INTO person');
      expect(line).not.toContain(secretName);
      expect(line).not.toContain('xxxxxxxx');
    }
  });
});
