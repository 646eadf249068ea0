import Koa from 'koa';
import { request, type Server } from 'node:http';
import { connectionPerRequest, type RequestConnections } from './connectionPerRequest';

/** Stands in for the database: records what happens to the connections it hands out. */
function fakeConnections() {
  const log: string[] = [];
  let next = 0;
  const connections: RequestConnections<{ id: number }> = {
    async open() {
      const conn = { id: ++next };
      log.push(`open ${conn.id}`);
      return conn;
    },
    async close(conn) {
      await new Promise((resolve) => setTimeout(resolve, 20)); // a close takes a round trip
      log.push(`close ${conn.id}`);
    },
  };
  return { connections, log };
}

async function serve(app: Koa): Promise<{ server: Server; url: string }> {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

/** The status, and what the fake's log held when the response reached the client. */
const fetchStatus = (url: string, log: string[]) =>
  new Promise<{ status: number; logAtResponse: string[] }>((resolve, reject) => {
    request(url, (res) => {
      const logAtResponse = [...log];
      res.resume().on('end', () => resolve({ status: res.statusCode ?? 0, logAtResponse }));
    })
      .on('error', reject)
      .end();
  });

describe("connectionPerRequest: the tutorial's fix", () => {
  it('gives the route its own connection, closed when the route is done, before the response is sent', async () => {
    const { connections, log } = fakeConnections();
    const app = new Koa<{ db?: { id: number } }>();
    app.use(connectionPerRequest(connections));
    app.use((ctx) => {
      log.push(`route uses ${ctx.state.db?.id}`);
      ctx.body = 'ok';
    });
    const { server, url } = await serve(app);
    try {
      expect(await fetchStatus(url, log)).toEqual({
        status: 200,
        logAtResponse: ['open 1', 'route uses 1', 'close 1'],
      });
      expect((await fetchStatus(url, log)).logAtResponse.slice(3)).toEqual(['open 2', 'route uses 2', 'close 2']);
    } finally {
      server.close();
    }
  });

  it('closes the connection when the route throws', async () => {
    const { connections, log } = fakeConnections();
    const app = new Koa<{ db?: { id: number } }>();
    app.silent = true;
    app.use(connectionPerRequest(connections));
    app.use(() => {
      throw new Error('a bug in the route');
    });
    const { server, url } = await serve(app);
    try {
      expect(await fetchStatus(url, log)).toEqual({ status: 500, logAtResponse: ['open 1', 'close 1'] });
    } finally {
      server.close();
    }
  });
});
