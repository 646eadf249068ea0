import getRawBody from 'raw-body';
import type { Context } from 'koa';
import { ClientError, badRequest } from '../clientError';
import { InvalidUtf8, utf8Text } from './utf8Text';

/** JSON is UTF-8 (RFC 8259); a charset parameter may only say so. */
const UTF8_CHARSETS = ['utf-8', 'utf8'];

/**
 * What the body's headers say it is, refused before a byte of it is read when the app could only
 * misread it: a gzip body read as it is would be "not valid JSON", a Latin-1 one stored with U+FFFD.
 */
function refuseWhatCannotBeRead(ctx: Context): void {
  if (!ctx.is('application/json')) {
    throw new ClientError('unsupported-media-type', 'The body must be sent as Content-Type: application/json.');
  }
  const encoding = ctx.get('Content-Encoding').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    ctx.set('Accept-Encoding', 'identity'); // RFC 7694: the codings the server would take
    throw new ClientError(
      'unsupported-media-type',
      `Content-Encoding: ${encoding} is not accepted: send the body uncompressed.`,
    );
  }
  const charset = ctx.request.charset.toLowerCase(); // '' without a charset parameter
  if (charset !== '' && !UTF8_CHARSETS.includes(charset)) {
    throw new ClientError(
      'unsupported-media-type',
      `charset=${charset} is not accepted: JSON is UTF-8, so send charset=utf-8 or no charset.`,
    );
  }
}

/** Reads a small JSON body. Read before a database connection is opened: a slow client holds no connection. */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  refuseWhatCannotBeRead(ctx);
  let bytes: Buffer;
  try {
    bytes = await getRawBody(ctx.req, { limit: limitBytes, length: ctx.get('Content-Length') || undefined });
  } catch (err) {
    if ((err as { type?: string }).type === 'entity.too.large') {
      throw new ClientError('payload-too-large', `The body must be at most ${limitBytes} bytes.`);
    }
    throw badRequest('The body could not be read.');
  }
  let text: string;
  try {
    text = utf8Text(bytes);
  } catch (err) {
    if (err instanceof InvalidUtf8) throw badRequest(err.message);
    throw err;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('The body is not valid JSON.');
  }
}
