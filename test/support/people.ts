import type { Connection } from 'mariadb';

/** A surname no other test run uses, so rows can be counted without deleting anything. */
export const uniqueSurname = (label: string) =>
  `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

export async function countPeople(conn: Connection, surname: string): Promise<number> {
  const [{ n }] = await conn.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM person WHERE surname = ?', [surname]);
  return Number(n);
}
