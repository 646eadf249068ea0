import type { ParameterizedContext } from 'koa';
import type { LabState } from '../state';
import { WaitingOnDatabase } from './waitingOnDatabase';

const context = () => ({ state: { reqId: 'r' } }) as unknown as ParameterizedContext<LabState>;

describe('WaitingOnDatabase', () => {
  it('counts the requests inside withConnection, and marks each as one that used the database', async () => {
    const waiting = new WaitingOnDatabase();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const counted = waiting.counting(async (_ctx, next) => {
      await held;
      await next();
    });
    const ctx = context();
    const first = counted(ctx, async () => {});
    const second = counted(context(), async () => {});
    expect(waiting.count).toBe(2);
    expect(ctx.state.usedDatabase).toBe(true);
    release();
    await Promise.all([first, second]);
    expect(waiting.count).toBe(0);
  });

  it('counts a request out when getting its connection failed', async () => {
    const waiting = new WaitingOnDatabase();
    const failing = waiting.counting(() => Promise.reject(new Error('server-unreachable')));
    await expect(failing(context(), async () => {})).rejects.toThrow('server-unreachable');
    expect(waiting.count).toBe(0);
  });
});
