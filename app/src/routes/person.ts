import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { RequestConnection } from '../db/requestConnection';
import { readJsonBody } from '../http/jsonBody';
import { notFound } from '../http/httpError';
import { respond } from '../http/render';
import { allPeople, createPerson, firstPerson, personById } from '../people/repository';
import { parseIdempotencyKey, parseNewPerson, parsePersonId } from '../people/validate';

export interface PersonRoutesOptions {
  /** Opens the request's connection before the route and closes it after the response. */
  withConnection: Middleware;
  bodyLimitBytes: number;
}

/** The tutorial's routes, plus one person by id and a safe-to-retry insert. */
export function personRoutes({ withConnection, bodyLimitBytes }: PersonRoutesOptions): Router {
  const router = new Router({ prefix: '/person' });
  const db = (state: { db?: RequestConnection }) => state.db as RequestConnection;

  router.get('/all', withConnection, async (ctx) => {
    respond(ctx, 'Everybody', await allPeople(db(ctx.state)));
  });

  router.get('/first', withConnection, async (ctx) => {
    const person = await firstPerson(db(ctx.state));
    if (!person) throw notFound('The person table is empty.');
    respond(ctx, 'The first person', { ...person });
  });

  router.get('/:id', async (ctx, next) => {
    ctx.state.personId = parsePersonId(ctx.params.id); // malformed ids never cost a connection
    await next();
  }, withConnection, async (ctx) => {
    const person = await personById(db(ctx.state), ctx.state.personId);
    if (!person) throw notFound(`There is no person with id ${ctx.state.personId}.`);
    respond(ctx, `Person ${person.id}`, { ...person });
  });

  router.post('/', async (ctx, next) => {
    // Validate before opening a connection: bad input is answered without touching the database.
    ctx.state.newPerson = parseNewPerson(await readJsonBody(ctx, bodyLimitBytes));
    ctx.state.idempotencyKey = parseIdempotencyKey(ctx.get('Idempotency-Key') || undefined);
    await next();
  }, withConnection, async (ctx) => {
    const { person, replayed } = await createPerson(db(ctx.state), ctx.state.newPerson, ctx.state.idempotencyKey);
    ctx.status = 201;
    ctx.set('Location', `/person/${person.id}`);
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.body = person;
  });

  return router;
}
