/**
 * Errors our own code raises on purpose (bad input, not found). Database errors are
 * classified separately (db/errors.ts); both end in the one error middleware.
 */
export type ClientErrorKind =
  | 'bad-request'
  | 'not-found'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'idempotency-key-reused';

const STATUS: Record<ClientErrorKind, number> = {
  'bad-request': 400,
  'not-found': 404,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'idempotency-key-reused': 422,
};

export class ClientError extends Error {
  readonly status: number;

  constructor(readonly kind: ClientErrorKind, detail: string) {
    super(detail);
    this.name = 'ClientError';
    this.status = STATUS[kind];
  }
}

export const badRequest = (detail: string) => new ClientError('bad-request', detail);
export const notFound = (detail: string) => new ClientError('not-found', detail);
