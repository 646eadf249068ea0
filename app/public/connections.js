import { byId, el } from './dom.js';
/** @import { LabStatus, LiveConnection } from './feed.js' */

/** The app's connections as the server's process list shows them, and the pool's counters. */

/** @type {Record<string, string | undefined>} */
const NO_CONNECTIONS = {
  naive: "No open connections: the naive strategy's only connection is gone, and it never opens another.",
  'per-request': 'No open connections right now: per-request holds one only while a request runs.',
  pool: 'No open connections right now: the pool opens them when requests need them.',
};

let lastShown = '';

/** @param {LabStatus} status */
export function showConnections({ connections, databaseError, strategy, pool }) {
  showTable(connections, databaseError, strategy);
  byId('pool').hidden = !pool;
  if (pool)
    byId('pool').textContent =
      `Pool: at most ${pool.size}; ${pool.total} open, ${pool.idle} idle, ${pool.active} in use, ${pool.waiting} requests waiting.`;
}

/**
 * @param {LiveConnection[] | null} connections
 * @param {string | null} error
 * @param {string} strategy
 */
function showTable(connections, error, strategy) {
  const key = JSON.stringify([connections, error]);
  if (key === lastShown) return; // unchanged: leave the table (and a screen reader's place in it) alone
  lastShown = key;
  const body = /** @type {HTMLTableElement} */ (byId('connections')).tBodies[0];
  byId('connections-count').textContent = connections ? `${connections.length} open` : 'unknown';
  if (!connections || connections.length === 0) {
    const text = connections
      ? (NO_CONNECTIONS[strategy] ?? 'No open connections right now.')
      : `The process list cannot be read: ${error}.`;
    body.replaceChildren(el('tr', { className: 'empty' }, el('td', { colSpan: 4, textContent: text })));
    return;
  }
  body.replaceChildren(
    ...connections.map((c) =>
      el(
        'tr',
        { className: `command-${c.command.toLowerCase()}` },
        el('th', { scope: 'row', textContent: `#${c.id}` }),
        el('td', { textContent: c.command }),
        el('td', { className: 'num', textContent: String(c.idleSeconds) }),
        el('td', { textContent: c.state ?? '–' }),
      ),
    ),
  );
}
