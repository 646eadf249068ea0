/**
 * The iptables rules of a network partition, run in the db container's network namespace: every TCP
 * packet to or from the server's port is dropped, both ways, and nothing is closed — clients and
 * server keep half-open connections that simply stop answering. Loopback stays open, so the
 * container's own healthcheck is not what fails.
 */

/** The server's port inside its container (docker-compose.yml), whatever port is published. */
export const DB_CONTAINER_PORT = 3306;
/** Marks our rules, so that healing removes exactly them, however often they were added. */
const MARK = 'simplerr-lab-partition';

export function partitionRules(port = DB_CONTAINER_PORT): string[] {
  return [
    `INPUT -p tcp --dport ${port} ! -i lo -m comment --comment ${MARK} -j DROP`,
    `OUTPUT -p tcp --sport ${port} ! -o lo -m comment --comment ${MARK} -j DROP`,
  ];
}

/** Removes every copy of our rules; succeeds when there is none (safe to run again, or after a kill). */
export function healScript(port = DB_CONTAINER_PORT): string {
  const deletes = partitionRules(port).map((rule) => `while iptables -D ${rule} 2>/dev/null; do :; done`);
  return [...deletes, `if iptables -S | grep -q -- '${MARK}'; then echo 'rules left:'; iptables -S; exit 1; fi`].join(
    '\n',
  );
}

/** Adds the rules once (an earlier cut is healed first). */
export function cutScript(port = DB_CONTAINER_PORT): string {
  return [healScript(port), ...partitionRules(port).map((rule) => `iptables -I ${rule}`)].join('\n');
}
