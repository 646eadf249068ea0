import type { Middleware } from 'koa';
import * as mariadb from 'mariadb';

/**
 * The tutorial's fix (yevrah/simplerr-mysql), whole: open a connection before each request, close it
 * when the route is done. In Koa that is one middleware: the `finally` after `await next()` runs once
 * the route is done, before Koa sends the response. A connection that lives for one request cannot be
 * found asleep and killed: between requests the app holds none.
 */
export function connectionPerRequest<C>(connections: RequestConnections<C>): Middleware<{ db?: C }> {
  return async (ctx, next) => {
    const db = await connections.open();
    ctx.state.db = db;
    try {
      await next();
    } finally {
      // The tutorial's reason: an error in the route must not leave the connection open.
      await connections.close(db);
    }
  };
}

/** Where a request's connection comes from, and where it goes when the route is done. */
export interface RequestConnections<C> {
  open(): Promise<C>;
  close(conn: C): Promise<void>;
}

/** The tutorial's: a new connection for each request, ended when the route is done. */
export function newConnectionEachRequest(options: mariadb.ConnectionConfig): RequestConnections<mariadb.Connection> {
  return {
    open: () => openConnection(options),
    close: (conn) => conn.end(),
  };
}

/** A new connection. Its socket may fail after the request is done: an 'error' event nobody listens for would end the process. */
export async function openConnection(options: mariadb.ConnectionConfig): Promise<mariadb.Connection> {
  const conn = await mariadb.createConnection(options);
  conn.on('error', () => {});
  return conn;
}
