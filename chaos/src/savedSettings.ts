/**
 * The server settings a chaos mode changed, each with its value from before the change, kept in a
 * file so that they outlive the program: a `docker kill` (or a crash) gives it no chance to undo.
 * In the chaos container the file is on a named volume (docker-compose.yml), where the next run,
 * `make chaos-stop` and `make up` find it (restore.ts). Without a file — the tests' chaos on the
 * host — the values are kept in memory only, as before.
 *
 * A file rather than a table: the chaos user needs no write privilege on the server it breaks, an
 * existing data volume needs no new schema, and `make clean` drops the file with the data.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Connection } from 'mariadb';
import { readGlobalNumber, setGlobalNumber } from '../../lib/db/serverVariables';

export type Saved = Readonly<Record<string, number>>;

function parseSaved(text: string, file: string): Saved {
  const value: unknown = JSON.parse(text);
  const entries =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : undefined;
  if (!entries?.every(([name, v]) => /^[a-z_]+$/.test(name) && Number.isSafeInteger(v) && v >= 0)) {
    throw new Error(`${file} is not a file of saved server settings: ${text.slice(0, 200)}`);
  }
  return Object.fromEntries(entries);
}

export class SavedSettings {
  private memory: Saved = {};

  constructor(readonly file?: string) {}

  all(): Saved {
    if (!this.file) return this.memory;
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    return parseSaved(text, this.file);
  }

  /**
   * Saves `value` as the original of `name` unless one is saved already — the first one is the value
   * from before any chaos. Call it before changing the setting. Returns the original.
   */
  keepOriginal(name: string, value: number): number {
    const saved = this.all();
    if (saved[name] !== undefined) return saved[name];
    this.write({ ...saved, [name]: value });
    return value;
  }

  /** After the original is back on the server. */
  forget(name: string): void {
    const rest: Record<string, number> = { ...this.all() };
    delete rest[name];
    this.write(rest);
  }

  private write(saved: Saved): void {
    if (!this.file) {
      this.memory = saved;
      return;
    }
    // Write then rename: a kill in the middle leaves the old file whole, never half a file.
    const partial = `${this.file}.partial`;
    writeFileSync(partial, `${JSON.stringify(saved)}\n`);
    renameSync(partial, this.file);
  }
}

export interface RestoredSetting {
  readonly name: string;
  /** What the server had: the value a chaos left. */
  readonly from: number;
  readonly to: number;
}

/**
 * Puts every saved original back on the server and forgets it. A setting already at its original
 * (the server restarted since, and forgot the change) is only forgotten.
 */
export async function restoreSavedSettings(conn: Connection, saved: SavedSettings): Promise<RestoredSetting[]> {
  const restored: RestoredSetting[] = [];
  for (const [name, original] of Object.entries(saved.all())) {
    const current = await readGlobalNumber(conn, name);
    if (current !== original) {
      await setGlobalNumber(conn, name, original);
      restored.push({ name, from: current, to: original });
    }
    saved.forget(name);
  }
  return restored;
}

export const restoredLine = ({ name, from, to }: RestoredSetting) =>
  `restored the global ${name}: ${from} → ${to}, its value before a chaos run that ended without undoing it`;
