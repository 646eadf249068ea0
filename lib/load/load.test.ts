import { startLoad, tally } from './load';

const answer = (status: number, error?: string) => ({ path: '/p', status, error });

describe('the load generator', () => {
  it('records every answer with its timing, and a thrown error as no answer', async () => {
    let asked = 0;
    const load = startLoad({
      clients: 2,
      pauseMs: 1,
      ask: async () => {
        asked++;
        if (asked === 3) throw new Error('socket hang up');
        return answer(asked % 2 ? 200 : 503, asked % 2 ? undefined : 'connection-lost');
      },
    });
    while (load.outcomes.length < 6) await new Promise((resolve) => setTimeout(resolve, 2));
    const outcomes = await load.stop();
    expect(outcomes.length).toBe(asked);
    expect(outcomes.some((o) => o.status === 0 && o.error === 'socket hang up')).toBe(true);
    for (const o of outcomes) {
      expect(o.ms).toBeGreaterThanOrEqual(0);
      expect(o.startedAt).toBeLessThanOrEqual(Date.now());
    }
  });

  it('stops a client after an outcome stopAfter picks, the others carry on', async () => {
    const load = startLoad({
      clients: 2,
      pauseMs: 1,
      ask: async (client) => answer(client === 0 ? 503 : 200),
      stopAfter: (o) => o.status === 503,
    });
    while (load.outcomes.filter((o) => o.status === 200).length < 5) await new Promise((r) => setTimeout(r, 2));
    const outcomes = await load.stop();
    expect(outcomes.filter((o) => o.status === 503)).toHaveLength(1);
  });

  it('after stop(), a client that still owes an answer goes on until it has it', async () => {
    let failuresLeft = 3;
    const owing = [true];
    const load = startLoad({
      clients: 1,
      owes: () => owing[0],
      ask: async () => {
        if (failuresLeft-- > 0) return answer(503, 'read-only');
        owing[0] = false;
        return answer(201);
      },
    });
    const outcomes = await load.stop();
    expect(outcomes.map((o) => o.status)).toEqual([503, 503, 503, 201]);
  });

  it('stop({ finishOwed: false }) leaves what a client owes', async () => {
    const load = startLoad({ clients: 1, owes: () => true, ask: async () => answer(503, 'read-only') });
    const outcomes = await load.stop({ finishOwed: false });
    expect(outcomes.map((o) => o.status)).toEqual([503]);
  });

  it('tallies outcomes by path, status and error', () => {
    const at = { startedAt: 0, ms: 1 };
    expect(
      tally([
        { ...answer(200), ...at },
        { ...answer(503, 'read-only'), ...at },
        { ...answer(200), ...at },
      ]),
    ).toEqual({
      '/p → 200': 2,
      '/p → 503 read-only': 1,
    });
  });
});
