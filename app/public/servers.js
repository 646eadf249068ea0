import { byId, el } from './dom.js';
import { addPageEvent } from './events.js';
/** @import { LabStatus, ServerCard } from './feed.js' */

/**
 * TOPOLOGY=primary-replica: one card per server — its role, whether it takes writes, its replication
 * and the app's connections on it — so a failover shows as the role and the connections moving.
 * With one server the section stays hidden.
 */

/** @type {Record<ServerCard['role'], string>} */
const ROLE_TEXT = {
  primary: 'primary, behind the endpoint',
  replica: 'replica',
  detached: 'no role: replicates from nobody, not behind the endpoint',
  down: 'down',
};

let lastShown = '';
/** @type {string | undefined} */
let lastPrimary;

/** @param {LabStatus} status */
export function showServers({ servers }) {
  const section = byId('servers-panel');
  section.hidden = !servers;
  if (!servers) return;
  noteThePrimaryMoving(servers);
  const key = JSON.stringify(servers);
  if (key === lastShown) return; // unchanged: leave the cards (and a screen reader's place) alone
  lastShown = key;
  byId('servers').replaceChildren(...servers.map(serverCard));
}

/** @param {ServerCard[]} servers */
function noteThePrimaryMoving(servers) {
  const primary = servers.find((s) => s.role === 'primary')?.name;
  if (primary && lastPrimary && primary !== lastPrimary)
    addPageEvent(
      'primary-moved',
      `The endpoint leads to ${primary} now (it led to ${lastPrimary}): new connections go there.`,
    );
  if (primary) lastPrimary = primary;
}

/** @param {ServerCard} card */
function serverCard(card) {
  const role = card.role === 'down' ? `down (${card.error})` : ROLE_TEXT[card.role];
  const item = el(
    'li',
    { className: `server-card role-${card.role}` },
    el('h3', {}, el('span', { textContent: card.name }), ' ', el('span', { className: 'role', textContent: role })),
    el(
      'dl',
      {},
      ...fact('Server', card.server ? `${card.server.flavor} ${card.server.version}` : '–'),
      ...fact('Writes', writesText(card)),
      ...fact('Replication', replicationText(card)),
      ...fact("App's connections", card.appConnections === null ? 'unknown' : String(card.appConnections)),
    ),
  );
  item.dataset.testid = `server-${card.name}`;
  item.dataset.role = card.role;
  item.dataset.connections = String(card.appConnections ?? '');
  return item;
}

/**
 * @param {string} term
 * @param {string} value
 */
const fact = (term, value) => [el('dt', { textContent: term }), el('dd', { textContent: value })];

/** @param {ServerCard} card */
function writesText({ readOnly, superReadOnly }) {
  if (readOnly === null) return '–';
  if (!readOnly) return 'writable (read_only OFF)';
  return superReadOnly === null
    ? 'refused (read_only ON)'
    : `refused (read_only ON, super_read_only ${superReadOnly ? 'ON' : 'OFF'})`;
}

/** @param {ServerCard} card */
function replicationText({ role, replica }) {
  if (role === 'down') return '–';
  if (!replica) return 'not replicating (from nobody)';
  if (!replica.running)
    return `not replicating: from ${replica.source}, stopped${replica.error ? ` (${replica.error})` : ''}`;
  return `from ${replica.source}, ${replica.lagSeconds === null ? 'lag unknown' : `${replica.lagSeconds} s behind`}`;
}
