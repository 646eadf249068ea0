import type { Connection } from 'mariadb';

export async function countPeople(conn: Connection, surname: string): Promise<number> {
  const [{ n }] = await conn.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM person WHERE surname = ?', [surname]);
  return Number(n);
}

/** How many rows of person (by surname) or idempotency_key (by key) hold each value; none: absent from the map. */
export async function countRowsBy(
  conn: Connection,
  [table, column]: ['person', 'surname'] | ['idempotency_key', 'idem_key'],
  values: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i += 500) {
    const chunk = values.slice(i, i + 500);
    const rows = await conn.query<{ v: string; n: number }[]>(
      `SELECT ${column} AS v, COUNT(*) AS n FROM ${table} WHERE ${column} IN (${chunk.map(() => '?').join(', ')}) GROUP BY ${column}`,
      chunk,
    );
    for (const { v, n } of rows) counts.set(v, Number(n));
  }
  return counts;
}
