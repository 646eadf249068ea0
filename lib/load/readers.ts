import { ask } from './http';
import { startLoad, type LoadOptions } from './load';

export interface ReadersOptions extends Pick<LoadOptions, 'pauseMs' | 'stopAfter'> {
  readonly clients: number;
  /** Client i asks for paths[i % paths.length], again and again. */
  readonly paths: readonly string[];
  /** A request without an answer by then counts as status 0. */
  readonly timeoutMs?: number;
}

/** Clients that GET the same path again and again until stopped. */
export function startReaders(baseUrl: string, { clients, paths, timeoutMs = 5000, ...rest }: ReadersOptions) {
  return startLoad({
    clients,
    ask: (client) => {
      const path = paths[client % paths.length];
      return ask(path, `${baseUrl}${path}`, { timeoutMs });
    },
    ...rest,
  });
}
