import { TrafficRecorder } from './traffic';

describe('TrafficRecorder', () => {
  it('counts outcomes per second and fills quiet seconds with zeros', () => {
    let now = 1_000_000_000;
    const traffic = new TrafficRecorder(10, () => now);
    traffic.record('succeeded');
    traffic.record('succeeded');
    traffic.record('failed');
    now += 2000;
    traffic.record('retried');
    traffic.record('timedOut');
    expect(traffic.recent(3)).toEqual([
      { t: 1_000_000, succeeded: 2, retried: 0, failed: 1, timedOut: 0 },
      { t: 1_000_001, succeeded: 0, retried: 0, failed: 0, timedOut: 0 },
      { t: 1_000_002, succeeded: 0, retried: 1, failed: 0, timedOut: 1 },
    ]);
  });

  it('forgets a second once the ring comes round to it again', () => {
    let now = 0;
    const traffic = new TrafficRecorder(5, () => now);
    traffic.record('failed');
    now = 5000;
    traffic.record('succeeded');
    expect(traffic.recent(5).reduce((sum, s) => sum + s.failed, 0)).toBe(0);
    expect(traffic.recent(1)).toEqual([{ t: 5, succeeded: 1, retried: 0, failed: 0, timedOut: 0 }]);
  });
});
