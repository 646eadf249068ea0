/**
 * The iptables rules that cut a replica off its primary, run in the replica's network namespace: the
 * packets between the replica and the primary's server port are dropped, both ways; every other
 * connection (the endpoint's, the app's after a promotion) is untouched. primary-crash uses them for a
 * few seconds before the kill, so that the replica is behind when the primary dies, as in production
 * when a replica lags under load.
 */
import { DB_CONTAINER_PORT } from '../partitionRules';

const MARK = 'simplerr-lab-replication-link';

/** An IPv4 address only: it is written into a shell script. */
function checkedAddress(address: string): string {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) throw new RangeError(`not an IPv4 address: ${address}`);
  return address;
}

function linkRules(primaryAddress: string): string[] {
  const address = checkedAddress(primaryAddress);
  return [
    `INPUT -s ${address} -p tcp --sport ${DB_CONTAINER_PORT} -m comment --comment ${MARK} -j DROP`,
    `OUTPUT -d ${address} -p tcp --dport ${DB_CONTAINER_PORT} -m comment --comment ${MARK} -j DROP`,
  ];
}

/** Removes every rule of ours, whatever address it names (safe to run again, or after a kill). */
export function healLinkScript(): string {
  return [
    `iptables -S | grep -- '${MARK}' | sed 's/^-A /-D /' | while read -r rule; do eval "iptables $rule"; done`,
    `if iptables -S | grep -q -- '${MARK}'; then echo 'rules left:'; iptables -S; exit 1; fi`,
  ].join('\n');
}

export function cutLinkScript(primaryAddress: string): string {
  return [healLinkScript(), ...linkRules(primaryAddress).map((rule) => `iptables -I ${rule}`)].join('\n');
}
