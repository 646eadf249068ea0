import Router from '@koa/router';
import { readJsonBody } from '../http/jsonBody';
import { badRequest, ClientError } from '../clientError';
import type { LabEventLog } from '../lab/events';
import { bearerTokenMatches, RateLimit } from '../lab/eventsDoor';
import { openEventStream } from '../lab/sse';
import type { LabStatus, LabStatusReader } from '../lab/statusFeed';
import type { LabState } from '../state';

const STATUS_EVERY_MS = 1000;

/**
 * What the lab page reads: a status snapshot, a live stream of status and events, and
 * the door through which the chaos container reports what it did.
 */
export interface LabRouteOptions {
  /** Live streams open at once (LAB_MAX_STREAMS). */
  maxStreams: number;
  /** The chaos program's secret (LAB_EVENTS_TOKEN); without it, no chaos event is accepted. */
  eventsToken: string | undefined;
}

// Enough for any chaos mode at CHAOS_INTERVAL=0.2 (a round kills a pool's worth), and far less than a flood.
const EVENTS_PER_SECOND = 20;
const EVENTS_BURST = 40;
const EVENT_BODY_LIMIT_BYTES = 4096;

export function labRoutes(
  readStatus: LabStatusReader,
  events: LabEventLog,
  { maxStreams, eventsToken }: LabRouteOptions,
): Router<LabState> {
  const router = new Router<LabState>({ prefix: '/lab' });
  let streams = 0;
  const watchers = new Set<(event: string, data: unknown) => void>();
  let ticker: NodeJS.Timeout | undefined;

  // One process-list read per second, shared by every open page, and none when nobody watches. A read
  // takes at most READY_TIMEOUT_MS (a server that does not answer): the next starts only after it.
  let reading = false;
  const tick = async () => {
    if (reading) return;
    reading = true;
    try {
      const status = await readStatus();
      for (const send of watchers) send('status', status);
    } finally {
      reading = false;
    }
  };
  const watch = (send: (event: string, data: unknown) => void) => {
    watchers.add(send);
    ticker ??= setInterval(() => void tick().catch(() => undefined), STATUS_EVERY_MS);
    return () => {
      watchers.delete(send);
      if (watchers.size === 0 && ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
    };
  };

  router.get('/status', async (ctx) => {
    ctx.body = { ...(await readStatus()), events: events.recent() } satisfies LabStatus & { events: unknown };
  });

  router.get('/events', async (ctx) => {
    // Each stream costs a socket and a share of every status tick: a bounded number of pages at once.
    if (streams >= maxStreams) {
      throw new ClientError(
        'too-many-streams',
        `The lab serves at most ${maxStreams} live streams at once (LAB_MAX_STREAMS); the page polls /lab/status instead.`,
      );
    }
    streams++;
    let unsubscribeEvents = () => {};
    let unwatch = () => {};
    const send = openEventStream(ctx, () => {
      streams--;
      unsubscribeEvents();
      unwatch();
    });
    send('hello', { events: events.recent(), status: await readStatus() });
    unsubscribeEvents = events.subscribe((event) => send('lab-event', event));
    unwatch = watch(send);
  });

  // Only the chaos program may draw on every learner's page: its token first, then a bounded rate,
  // and only then is the body read.
  const eventRate = new RateLimit(EVENTS_PER_SECOND, EVENTS_BURST);
  router.post('/chaos-events', async (ctx) => {
    if (!bearerTokenMatches(ctx.get('Authorization'), eventsToken)) {
      throw new ClientError(
        'unauthorized',
        eventsToken === undefined
          ? 'This app has no LAB_EVENTS_TOKEN: it accepts no chaos events.'
          : 'Chaos events come from the chaos program only: send Authorization: Bearer <LAB_EVENTS_TOKEN of .env>.',
      );
    }
    if (!eventRate.allow()) {
      throw new ClientError(
        'too-many-requests',
        `At most ${EVENTS_PER_SECOND} chaos events a second (bursts of ${EVENTS_BURST}).`,
      );
    }
    const body = (await readJsonBody(ctx, EVENT_BODY_LIMIT_BYTES)) as Record<string, unknown> | null;
    const type = body?.type;
    const message = body?.message;
    const connectionId = body?.connectionId;
    if (typeof type !== 'string' || !/^[a-z-]{1,40}$/.test(type))
      throw badRequest('"type" must be a short lowercase word such as "kill".');
    if (typeof message !== 'string' || message.length === 0 || message.length > 500)
      throw badRequest('"message" must be a string of 1 to 500 characters.');
    if (connectionId !== undefined && !Number.isInteger(connectionId))
      throw badRequest('"connectionId" must be a whole number.');
    ctx.status = 201;
    ctx.body = events.add({ source: 'chaos', type, message, connectionId: connectionId as number | undefined });
  });

  return router;
}
