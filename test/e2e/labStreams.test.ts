import { startAppProcess, type AppProcess } from '../support/appProcess';
import { waitFor } from '../../lib/waitFor';

/** The lab page's live stream (/lab/events): a page that goes away is normal, and streams are capped. */
let app: AppProcess;
beforeAll(async () => {
  app = await startAppProcess({ LAB_MAX_STREAMS: '3' });
});
afterAll(() => app.stop());

interface OpenStream {
  status: number;
  type: string | null;
  /** The first chunk of the body: the hello event, or the JSON refusal. */
  first: string;
  close(): void;
}

async function openStream(): Promise<OpenStream> {
  const abort = new AbortController();
  const res = await fetch(`${app.url}/lab/events`, { signal: abort.signal });
  const reader = res.body!.getReader();
  let timer: NodeJS.Timeout | undefined;
  const { value } = await Promise.race([
    reader.read(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no first chunk within 5 s')), 5000);
    }),
  ]).finally(() => clearTimeout(timer));
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    first: new TextDecoder().decode(value),
    close: () => abort.abort(),
  };
}

describe('/lab/events', () => {
  it('accepts LAB_MAX_STREAMS streams, answers the next one 503 in JSON, and takes a new one when a page goes away', async () => {
    const open = [await openStream(), await openStream(), await openStream()];
    expect(open.map((s) => [s.status, s.type, s.first.startsWith('event: hello')])).toEqual(
      Array(3).fill([200, 'text/event-stream', true]),
    );
    const refused = await openStream();
    expect([refused.status, refused.type]).toEqual([503, expect.stringMatching(/^application\/json/)]);
    expect(JSON.parse(refused.first)).toEqual({
      error: 'too-many-streams',
      detail: expect.stringMatching(/at most 3 .*LAB_MAX_STREAMS/),
    });
    refused.close();

    open.shift()!.close();
    const again = await waitFor(
      'a slot to come free',
      async () => {
        const stream = await openStream();
        if (stream.status === 200) return stream;
        stream.close();
        return undefined;
      },
      { timeoutMs: 5000 },
    );
    for (const stream of [...open, again]) stream.close();
  });

  it('a client closing its stream is normal: no error in the log', async () => {
    // The previous test's streams were closed just now: the app frees their slots as it sees each close.
    const streams = await waitFor(
      'three streams at once',
      async () => {
        const opened = await Promise.all([openStream(), openStream(), openStream()]);
        if (opened.every((stream) => stream.status === 200)) return opened;
        for (const stream of opened) stream.close();
        return undefined;
      },
      { timeoutMs: 5000, intervalMs: 200 },
    );
    const before = app.output.length;
    for (const stream of streams) stream.close();
    // Once all three slots are free again, the app has handled every close (and logged whatever it logs for one).
    await waitFor(
      'the app to free the three slots',
      async () => {
        const again = await Promise.all([openStream(), openStream(), openStream()]);
        for (const stream of again) stream.close();
        return again.every((stream) => stream.status === 200) || undefined;
      },
      { timeoutMs: 5000, intervalMs: 200 },
    );
    const errors = app.output.slice(before).filter((line) => /"level":(50|60)/.test(line));
    expect(errors).toEqual([]);
  });
});
