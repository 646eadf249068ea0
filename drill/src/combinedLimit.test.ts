import { combinedLimit, strategyLimit } from './combinedLimit';
import { sampleRows } from './fixtures/sampleRun';

describe('combinedLimit', () => {
  it('adds the times per request of both sides: 1 / (1/HTTP + 1/DB pattern)', () => {
    expect(combinedLimit(10_000, 10_000)).toBe(5000);
    expect(combinedLimit(10_000, 40_000)).toBeCloseTo(8000, 6);
  });

  it('is 0 when either side answered nothing (no division by zero)', () => {
    expect(combinedLimit(0, 5000)).toBe(0);
    expect(combinedLimit(5000, 0)).toBe(0);
  });

  it("takes a strategy's ceilings from the run, and is undefined when one was not measured", () => {
    expect(strategyLimit(sampleRows, 'per-request')).toBeCloseTo(1071.43, 1);
    const withoutHttp = sampleRows.filter((row) => !(row.kind === 'ceiling' && row.ceiling === 'http'));
    expect(strategyLimit(withoutHttp, 'pool')).toBeUndefined();
  });
});
