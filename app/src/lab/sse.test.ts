import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import Koa from 'koa';
import { MAX_UNREAD_BYTES, openEventStream } from './sse';

/**
 * A real server and real sockets: what fills up when a client stops reading is the kernel's socket
 * buffers first, then the app's, and only the second is the app's to bound.
 */
interface OpenStream {
  send: (event: string, data: unknown) => void;
  closed: Promise<void>;
}

let server: Server;
let port: number;
let opened: (stream: OpenStream) => void;

beforeAll(async () => {
  const koa = new Koa();
  koa.use((ctx) => {
    let onClose!: () => void;
    const closed = new Promise<void>((resolve) => (onClose = resolve));
    opened({ send: openEventStream(ctx, onClose), closed });
  });
  const handle = koa.callback();
  server = createServer((req, res) => void handle(req, res)).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Opens a stream from a client that reads what comes (or not); resolves once the app has it. */
async function openStream(reads: boolean): Promise<{ stream: OpenStream; client: Socket; received: () => number }> {
  const stream = new Promise<OpenStream>((resolve) => (opened = resolve));
  const client = connect(port, '127.0.0.1');
  let received = 0;
  if (reads) client.on('data', (chunk: Buffer) => (received += chunk.length));
  else client.pause(); // reads nothing: its socket buffers fill, then the app's
  client.on('error', () => undefined); // dropped by the app: expected here
  client.write('GET /events HTTP/1.1\r\nHost: lab\r\n\r\n');
  return { stream: await stream, client, received: () => received };
}

const EVENT = { text: 'x'.repeat(1000) }; // about 1 KB on the wire
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('an event stream whose client stops reading', () => {
  it('is dropped once its unread events pass the bound, freeing its slot, after far less than without one', async () => {
    const { stream, client } = await openStream(false);
    let dropped = false;
    void stream.closed.then(() => (dropped = true));
    // The kernel's buffers take a few MB at most; without a bound the app's own would grow without end.
    const giveUpBytes = 64 * 1024 * 1024;
    let sent = 0;
    while (!dropped && sent < giveUpBytes) {
      for (let i = 0; i < 64; i++) stream.send('lab-event', EVENT);
      sent += 64 * 1024;
      await tick();
    }
    expect(dropped).toBe(true);
    expect(sent).toBeLessThan(giveUpBytes);
    client.destroy();
  });

  it('a client that reads stays, however much it is sent', async () => {
    const { stream, client, received } = await openStream(true);
    let dropped = false;
    void stream.closed.then(() => (dropped = true));
    const total = 40 * MAX_UNREAD_BYTES;
    for (let sent = 0; sent < total; sent += 1024) {
      stream.send('lab-event', EVENT);
      if (received() < sent - MAX_UNREAD_BYTES / 4) await tick(); // a fast sender, a reader that keeps up
    }
    while (received() < total) await tick();
    expect(dropped).toBe(false);
    client.destroy();
    await stream.closed; // and its close still frees the slot
  });
});
