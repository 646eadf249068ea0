import Router from '@koa/router';
import type { Middleware } from 'koa';
import { notFound } from '../clientError';
import { readJsonBody } from '../http/jsonBody';
import { respond } from '../http/render';
import { IdempotencyKeys } from '../people/idempotencyKeys';
import type { NewPerson } from '../people/person';
import { allPeople, createPerson, firstPerson, personById } from '../people/repository';
import { parseIdempotencyKey, parseNewPerson, parsePersonId } from '../people/validate';
import type { LabState, WithDb } from '../state';

export interface PersonRoutesOptions {
  /** Opens the request's connection before the route and closes it when the route is done. */
  withConnection: Middleware<LabState>;
  bodyLimitBytes: number;
  idempotencyKeyTtlSeconds: number;
}

/** Node joins repeated custom headers into one value; an array only comes for a few standard ones. */
const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);

/** The tutorial's routes, plus one person by id and a safe-to-retry insert. */
export function personRoutes({
  withConnection,
  bodyLimitBytes,
  idempotencyKeyTtlSeconds,
}: PersonRoutesOptions): Router<LabState> {
  const router = new Router<LabState>({ prefix: '/person' });
  const keys = new IdempotencyKeys(idempotencyKeyTtlSeconds);

  router.get<WithDb>('/all', withConnection, async (ctx) => {
    respond(ctx, 'Everybody', await allPeople(ctx.state.db));
  });

  router.get<WithDb>('/first', withConnection, async (ctx) => {
    const person = await firstPerson(ctx.state.db);
    if (!person) throw notFound('The person table is empty.');
    respond(ctx, 'The first person', { ...person });
  });

  router.get<WithDb & { personId: number }>(
    '/:id',
    async (ctx, next) => {
      ctx.state.personId = parsePersonId(ctx.params.id); // malformed ids never cost a connection
      await next();
    },
    withConnection,
    async (ctx) => {
      const person = await personById(ctx.state.db, ctx.state.personId);
      if (!person) throw notFound(`There is no person with id ${ctx.state.personId}.`);
      respond(ctx, `Person ${person.id}`, { ...person });
    },
  );

  router.post<WithDb & { newPerson: NewPerson; idempotencyKey?: string }>(
    '/',
    async (ctx, next) => {
      // Validate before opening a connection: bad input is answered without touching the database.
      ctx.state.newPerson = parseNewPerson(await readJsonBody(ctx, bodyLimitBytes));
      // The header as sent: ctx.get() answers '' for a blank one and for none alike.
      ctx.state.idempotencyKey = parseIdempotencyKey(headerValue(ctx.request.headers['idempotency-key']));
      await next();
    },
    withConnection,
    async (ctx) => {
      const { person, replayed } = await createPerson(
        ctx.state.db,
        keys,
        ctx.state.newPerson,
        ctx.state.idempotencyKey,
      );
      ctx.status = 201;
      ctx.set('Location', `/person/${person.id}`);
      if (replayed) ctx.set('Idempotent-Replayed', 'true');
      ctx.body = person;
    },
  );

  return router;
}
