import { PassThrough } from 'node:stream';
import type { Context } from 'koa';

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
  const close = () => {
    onClose();
    stream.end();
  };
  ctx.req.on('close', close);
  return (event, data) => {
    stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
}
