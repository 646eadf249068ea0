import { byId } from './dom.js';
import { addPageEvent } from './events.js';
/** @import { LabStatus } from './feed.js' */

/** The header's facts: which strategy runs, against which server, and whether the database answers. */

/** @type {Record<string, string | undefined>} */
const STRATEGY_NOTES = {
  naive: 'one connection for the whole app, never replaced',
  'per-request': 'a new connection for each request, closed when the route is done',
  pool: 'a pool of connections, checked before reuse and replaced when broken',
};

/** @type {number | null} */
let downSince = null;

/** @param {LabStatus} status */
export function showFacts(status) {
  byId('strategy').textContent = status.strategy;
  byId('strategy-note').textContent = STRATEGY_NOTES[status.strategy] ?? '';
  byId('server').textContent = status.server ? `${status.server.flavor} ${status.server.version}` : 'not reached yet';
  showDatabase(status.databaseError);
  const inFlight = byId('in-flight');
  inFlight.textContent = String(status.inFlight);
  inFlight.dataset.count = String(status.inFlight);
}

// Downtime is an event too: the page notes when the database stops and starts answering.
/** @param {string | null} error */
function showDatabase(error) {
  const db = byId('db-status');
  if (error === null) {
    if (downSince)
      addPageEvent(
        'db-reachable',
        `The database answers again after ${Math.round((Date.now() - downSince) / 1000)} s of downtime.`,
      );
    downSince = null;
    db.dataset.state = 'up';
    db.textContent = '✓ reachable';
    return;
  }
  if (!downSince) {
    downSince = Date.now();
    addPageEvent('db-unreachable', `The database does not answer the lab (${error}).`);
  }
  db.dataset.state = 'down';
  db.textContent = `✗ ${error}, for ${Math.round((Date.now() - downSince) / 1000)} s`;
}
