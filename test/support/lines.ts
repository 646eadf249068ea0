import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/**
 * Calls onLine with each line a child process writes. A pipe delivers chunks, not lines: a line
 * can arrive in two chunks, so splitting each chunk on '\n' would hand out its halves.
 * readline buffers the unfinished end until the rest arrives (or the stream ends).
 */
export function eachLine(stream: Readable, onLine: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    if (line !== '') onLine(line);
  });
}
