/**
 * The lab page, in plain browser modules (no build step): the feed brings the app's status and
 * events; the header facts, the servers (a replicated lab), the connection table, the chart and the event list show them.
 */
import { createTrafficChart } from './chart.js';
import { showConnections } from './connections.js';
import { byId } from './dom.js';
import { addEvents } from './events.js';
import { showFacts } from './facts.js';
import { startFeed } from './feed.js';
import { showServers } from './servers.js';
import { setUpTrafficControl } from './traffic.js';

const chart = createTrafficChart(byId('chart'), byId('chart-summary'));

startFeed({
  showStatus(status) {
    showFacts(status);
    showConnections(status);
    showServers(status);
    chart.show(status.traffic);
  },
  addEvents(events) {
    chart.markChaos(addEvents(events));
  },
  showFeedState(state, text) {
    const feed = byId('feed');
    feed.dataset.state = state;
    feed.textContent = text;
  },
});
setUpTrafficControl();
