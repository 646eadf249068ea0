import { byId, clock, el } from './dom.js';
/** @import { LabEvent } from './feed.js' */

/**
 * The list of chaos actions and failures, newest first: events from the app (chaos reports,
 * retries, errors) and the ones this page notices itself (the database stops answering).
 */
const KEEP_EVENTS = 100;
/** @type {Record<string, string | undefined>} */
const TONE = {
  kill: 'chaos',
  'kill-query': 'chaos',
  'wait-timeout': 'chaos',
  'max-connections': 'chaos',
  'db-stop': 'chaos',
  'db-start': 'recovery',
  'db-restart': 'chaos',
  restart: 'chaos',
  partition: 'chaos',
  'partition-end': 'recovery',
  freeze: 'chaos',
  'freeze-end': 'recovery',
  'database-timeout': 'timeout',
  retry: 'retry',
  'db-reachable': 'recovery',
  'db-unreachable': 'failure',
  'primary-moved': 'chaos',
};

const seenEvents = new Set();
let pageEventId = 0;

/**
 * Shows the events not shown yet (the SSE hello, the stream and polling may repeat one); returns those.
 * @param {LabEvent[]} events
 */
export function addEvents(events) {
  const added = [];
  for (const event of events) {
    const key = `${event.id}@${event.at}`; // ids restart with the app; the time tells them apart
    if (seenEvents.has(key)) continue;
    seenEvents.add(key);
    showEvent(event);
    added.push(event);
  }
  return added;
}

/**
 * An event this page saw itself, shown like the app's.
 * @param {string} type
 * @param {string} message
 */
export function addPageEvent(type, message) {
  showEvent({ id: `page-${++pageEventId}`, at: new Date().toISOString(), source: 'page', type, message });
}

// A failing app reports the same failure twice a second: repeats fold into one line with a count.
/** @param {LabEvent} event */
function showEvent(event) {
  const list = byId('events');
  list.querySelector('.empty')?.remove();
  const sameAs = [event.source, event.type, event.message, event.connectionId ?? ''].join('|');
  const newest = /** @type {HTMLElement | null} */ (list.firstElementChild);
  if (newest?.dataset.sameAs === sameAs) return repeatEvent(newest, event);
  const item = el(
    'li',
    { className: `event tone-${TONE[event.type] ?? 'failure'}` },
    el('time', { dateTime: event.at, textContent: clock(new Date(event.at)) }),
    el('span', { className: 'tag', textContent: event.type }),
    el('span', {
      className: 'source',
      textContent: event.source === 'page' ? 'seen by this page' : `from ${event.source}`,
    }),
    el('span', { className: 'repeats' }),
    el('span', { className: 'message', textContent: event.message }),
  );
  if (event.connectionId !== undefined)
    item.append(el('span', { className: 'conn', textContent: `connection #${event.connectionId}` }));
  Object.assign(item.dataset, {
    id: String(event.id),
    type: event.type,
    source: event.source,
    sameAs,
    count: '1',
    firstAt: event.at,
    shownAt: String(Date.now()),
  });
  list.prepend(item);
  while (list.children.length > KEEP_EVENTS) list.lastElementChild?.remove();
}

/**
 * @param {HTMLElement} item
 * @param {LabEvent} event
 */
function repeatEvent(item, event) {
  const count = Number(item.dataset.count) + 1;
  item.dataset.count = String(count);
  const time = /** @type {HTMLTimeElement} */ (item.querySelector('time'));
  time.dateTime = event.at;
  time.textContent = clock(new Date(event.at));
  const repeats = /** @type {HTMLElement} */ (item.querySelector('.repeats'));
  repeats.textContent = `×${count} since ${clock(new Date(/** @type {string} */ (item.dataset.firstAt)))}`;
}
