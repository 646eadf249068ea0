import { classifyDbError } from '../../../lib/db/errors';
import { ConnectionLimit } from './connectionLimit';

const later = (ms: number) => Date.now() + ms;

describe('ConnectionLimit: at most `max` connections at once', () => {
  it('lets `max` in at once, the next one waits until a slot is given back', async () => {
    const limit = new ConnectionLimit(2);
    await limit.take(later(1000));
    await limit.take(later(1000));
    let third = false;
    const waiting = limit.take(later(1000)).then(() => {
      third = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect({ third, inUse: limit.inUse, waiting: limit.waiting }).toEqual({ third: false, inUse: 2, waiting: 1 });
    limit.give();
    await waiting;
    expect({ third, inUse: limit.inUse, waiting: limit.waiting }).toEqual({ third: true, inUse: 2, waiting: 0 });
  });

  it('serves waiters first come, first served', async () => {
    const limit = new ConnectionLimit(1);
    await limit.take(later(1000));
    const order: string[] = [];
    const a = limit.take(later(1000)).then(() => order.push('a'));
    const b = limit.take(later(1000)).then(() => order.push('b'));
    limit.give();
    await a;
    limit.give();
    await b;
    expect(order).toEqual(['a', 'b']);
  });

  it('gives up at the deadline with an error the taxonomy calls pool-exhausted, and forgets the waiter', async () => {
    const limit = new ConnectionLimit(1);
    await limit.take(later(1000));
    const started = Date.now();
    const err = await limit.take(later(50)).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(Date.now() - started).toBeLessThan(500);
    expect(classifyDbError(err).kind).toBe('pool-exhausted');
    expect((err as Error).message).toMatch(/all 1 connections .* in use/);
    expect(limit.waiting).toBe(0);
    limit.give();
    expect(limit.inUse).toBe(0); // the slot went back, not to the waiter that gave up
  });

  it('refuses at once when the deadline has passed', async () => {
    const limit = new ConnectionLimit(1);
    await limit.take(later(1000));
    await expect(limit.take(Date.now() - 1)).rejects.toThrow(/in use/);
  });
});
