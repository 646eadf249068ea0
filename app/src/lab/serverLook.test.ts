import { createServer, type Server, type Socket } from 'node:net';
import { withHiddenPassword } from '../../../lib/settings/envReaders';
import type { DbSettings } from '../config';
import { lookAtServer } from './serverLook';

/** A server that accepts connections and never says a word: a frozen database, as the page meets it. */
let silent: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

test('a server that does not answer fails the look at its deadline (READY_TIMEOUT_MS), not at the connect timeout', async () => {
  const port = (silent.address() as { port: number }).port;
  const db = withHiddenPassword<DbSettings>(
    { host: '127.0.0.1', port, user: 'simplerr', database: 'x', connectTimeoutMs: 1500, pipelining: true },
    'secret',
  );
  const startedAt = Date.now();
  await expect(lookAtServer(db, 300, true)).rejects.toMatchObject({
    name: 'DatabaseTimeoutError',
    setting: 'READY_TIMEOUT_MS',
  });
  expect(Date.now() - startedAt).toBeLessThan(1000);
});
