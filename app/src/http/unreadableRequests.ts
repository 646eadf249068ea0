import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../observability/logger';

const LINGER_MS = 1000;

/** A raw HTTP/1.1 answer with a JSON body: Node's own would be text/plain. */
function rawJsonAnswer(status: number, error: string, detail: string): string {
  const body = JSON.stringify({ error, detail });
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * What Node's HTTP server could not hand to the app: a client too slow to send its request
 * (headers or body past HTTP_REQUEST_TIMEOUT_MS: a slow-loris), a malformed request, headers too
 * large. Answered in JSON like everything else, then the connection is closed.
 */
export function answerUnreadableRequest(log: Logger, requestTimeoutMs: number) {
  return (err: Error & { code?: string }, socket: Duplex): void => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy(); // the client is gone: nothing to answer
      return;
    }
    const answer =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? rawJsonAnswer(
            408,
            'request-timeout',
            `The request was not received within ${requestTimeoutMs} ms (HTTP_REQUEST_TIMEOUT_MS).`,
          )
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? rawJsonAnswer(431, 'headers-too-large', 'The request headers are too large.')
          : rawJsonAnswer(400, 'bad-request', 'The request is not valid HTTP.');
    log.debug({ code: err.code }, 'unreadable request');
    // No answer when the app has begun one on this connection: two would corrupt the stream.
    const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!response?.headersSent) socket.end(answer);
    setTimeout(() => socket.destroy(), LINGER_MS).unref(); // a slow client may never close its side
  };
}
