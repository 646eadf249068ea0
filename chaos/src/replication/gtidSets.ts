/**
 * Counting transactions in the servers' GTID notations, as pure functions. A promoted replica that lacks
 * some of the old primary's transactions is how a failover loses acknowledged writes: these count them.
 *   MySQL:   gtid_executed is a set, "uuid:1-5:7-9,uuid2:1-3" (8.4 adds tags: "uuid:tag:1-2").
 *   MariaDB: gtid_binlog_state is the last GTID of each (domain, server id): "0-1-120,0-2-131"; sequence
 *            numbers grow by one per transaction within a domain (gtid_strict_mode), whoever wrote it.
 */

/** The number of transactions in a MySQL GTID set ("" is none). */
export function countMysqlGtids(set: string): number {
  let count = 0;
  for (const member of set.replace(/\s+/g, '').split(',').filter(Boolean)) {
    const [, ...parts] = member.split(':'); // the uuid, then intervals, tags among them
    for (const part of parts) {
      const interval = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (!interval) continue; // a tag
      const first = Number(interval[1]);
      const last = interval[2] === undefined ? first : Number(interval[2]);
      count += last - first + 1;
    }
  }
  return count;
}

/** "domain-server-sequence" triples of a MariaDB GTID state or position, keyed "domain-server". */
export function parseMariadbGtidState(state: string): Map<string, number> {
  const last = new Map<string, number>();
  for (const gtid of state.replace(/\s+/g, '').split(',').filter(Boolean)) {
    const match = /^(\d+)-(\d+)-(\d+)$/.exec(gtid);
    if (!match) throw new RangeError(`not a MariaDB GTID: ${gtid}`);
    last.set(`${match[1]}-${match[2]}`, Number(match[3]));
  }
  return last;
}

/**
 * MariaDB: the transactions at the end of `server`'s history that `other` never received. Per domain,
 * the newest GTID of server names who wrote it last (a crashed primary: itself, under the server id it
 * had then); the other has that writer's transactions up to some sequence number, and every one past it
 * is missing there.
 */
export function countMariadbMissing(serverState: string, otherState: string): number {
  const own = parseMariadbGtidState(serverState);
  const other = parseMariadbGtidState(otherState);
  const newest = new Map<string, [string, number]>();
  for (const [key, sequence] of own) {
    const domain = key.split('-')[0];
    if ((newest.get(domain)?.[1] ?? -1) < sequence) newest.set(domain, [key, sequence]);
  }
  let missing = 0;
  for (const [key, sequence] of newest.values()) missing += Math.max(0, sequence - (other.get(key) ?? 0));
  return missing;
}
