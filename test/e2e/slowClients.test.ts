import { connect } from 'node:net';
import { startAppProcess, type AppProcess } from '../support/appProcess';

/**
 * A client that trickles its request a byte at a time holds a socket for as long as the server lets
 * it (Node's defaults: 60 s for the headers, 5 minutes for the body). HTTP_REQUEST_TIMEOUT_MS bounds
 * both: past it, a 408 in JSON, and the connection is closed.
 */
let app: AppProcess;
beforeAll(async () => {
  app = await startAppProcess({ HTTP_REQUEST_TIMEOUT_MS: '1500' });
});
afterAll(() => app.stop());

/** Sends `head` at once, then one more byte of `trickle` every 200 ms, until the server closes the connection. */
function trickle(head: string, trickleBytes: string, giveUpMs: number): Promise<{ answer: string; ms: number }> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickleBytes.length && socket.writable) socket.write(trickleBytes[sent++]);
    }, 200);
    const giveUp = setTimeout(() => socket.destroy(new Error(`still open after ${giveUpMs} ms`)), giveUpMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', (err) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      if (answer) resolve({ answer, ms: Date.now() - started });
      else reject(err);
    });
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, ms: Date.now() - started });
    });
    socket.write(head);
  });
}

const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

describe('slow clients get a bounded time to send their request', () => {
  it('headers trickled a byte at a time: 408 in JSON and closed, within the timeout and a second', async () => {
    const { answer, ms } = await trickle('GET /livez HTTP/1.1\r\nHost: lab\r\n', 'X-Slow: '.padEnd(200, 'x'), 10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toMatch(/\r\nContent-Type: application\/json/);
    expect(bodyOf(answer)).toEqual({ error: 'request-timeout', detail: expect.stringMatching(/within 1500 ms/) });
    expect(ms).toBeLessThan(1500 + 2500); // the timeout, Node's check every second, and a busy machine
  });

  it('a body trickled a byte at a time: 408 in JSON and closed', async () => {
    const body = JSON.stringify({ firstname: 'Slow', surname: 'Loris'.padEnd(60, 's') });
    const head = `POST /person HTTP/1.1\r\nHost: lab\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const { answer, ms } = await trickle(head, body, 10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(bodyOf(answer).error).toBe('request-timeout');
    expect(ms).toBeLessThan(1500 + 2500);
  });

  it('a malformed request gets a 400 in JSON', async () => {
    const { answer } = await trickle('NOT HTTP AT ALL\r\n\r\n', '', 5000);
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(bodyOf(answer).error).toBe('bad-request');
  });
});
