import getRawBody from 'raw-body';
import type { Context } from 'koa';
import { ClientError, badRequest } from '../clientError';

/** Reads a small JSON body. Read before a database connection is opened: a slow client holds no connection. */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  if (!ctx.is('application/json')) {
    throw new ClientError('unsupported-media-type', 'The body must be sent as Content-Type: application/json.');
  }
  let text: string;
  try {
    text = await getRawBody(ctx.req, {
      limit: limitBytes,
      length: ctx.get('Content-Length') || undefined,
      encoding: 'utf8',
    });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') {
      throw new ClientError('payload-too-large', `The body must be at most ${limitBytes} bytes.`);
    }
    throw badRequest('The body could not be read.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
}
