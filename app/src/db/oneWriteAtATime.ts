/**
 * What naive needs once it shares one connection: that connection is one session, and a session runs
 * one transaction at a time. Two requests' BEGIN/COMMIT on it would interleave, and one request's
 * COMMIT or ROLLBACK would end the other's. So each write waits until the one before it has settled.
 */
export function oneWriteAtATime(): <T>(write: () => Promise<T>) => Promise<T> {
  let writing: Promise<unknown> = Promise.resolve();
  return (write) => {
    const mine = writing.then(write);
    writing = mine.catch(() => undefined);
    return mine;
  };
}
