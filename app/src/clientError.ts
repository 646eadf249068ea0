/**
 * Requests we refuse on purpose (bad input, not found, ...): the client can fix them. Routes and
 * the domain throw them without knowing HTTP; the error middleware (http/errorResponses.ts) gives
 * each kind its status. Database errors are classified separately (lib/db/errors.ts).
 */
export type ClientErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'not-found'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'idempotency-key-reused'
  | 'too-many-requests'
  | 'too-many-streams'
  | 'shutting-down'
  | 'not-implemented';

export class ClientError extends Error {
  constructor(
    readonly kind: ClientErrorKind,
    detail: string,
  ) {
    super(detail);
    this.name = 'ClientError';
  }
}

export const badRequest = (detail: string) => new ClientError('bad-request', detail);
export const notFound = (detail: string) => new ClientError('not-found', detail);
