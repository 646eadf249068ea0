import { PassThrough } from 'node:stream';
import type { Context } from 'koa';

/**
 * What a stream may hold that its client has not read, once its socket's buffers (the kernel's, Node's)
 * are full: past it, the client has stopped reading and is dropped. Without a bound, a page that never
 * reads held its LAB_MAX_STREAMS slot for as long as it stayed connected, and the app's memory grew with
 * every event it was sent. A page that reads never comes near it: its status is about 12 KB a second,
 * and the socket's own buffers take a burst of megabytes before anything waits here.
 */
export const MAX_UNREAD_BYTES = 64 * 1024;

/** Turns a Koa response into a Server-Sent Events stream; returns a send function and a close hook. */
export function openEventStream(ctx: Context, onClose: () => void): (event: string, data: unknown) => void {
  const stream = new PassThrough();
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  ctx.set({
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  ctx.status = 200;
  ctx.body = stream;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    onClose();
    stream.end();
  };
  ctx.req.on('close', close);
  return (event, data) => {
    if (closed) return;
    // Events the socket has not taken yet wait in the stream: both of its sides count.
    if (stream.writableLength + stream.readableLength > MAX_UNREAD_BYTES) {
      close();
      ctx.req.socket.destroy(); // the slot is free now; the client, if it ever reads again, reconnects
      return;
    }
    stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}
