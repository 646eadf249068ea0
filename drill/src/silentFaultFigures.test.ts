import { silentFaultFigures } from './silentFaultFigures';

describe('silentFaultFigures', () => {
  const fault = { appliedAt: 10_000, liftedAt: 15_000 };

  it('counts the requests that waited during the fault, those answered within the budget + 1 s, and the failures', () => {
    const figures = silentFaultFigures(
      [
        { startedAt: 9000, ms: 500, status: 200 }, // done before the fault: not counted
        { startedAt: 9900, ms: 2600, status: 503 }, // waiting when it began
        { startedAt: 12_000, ms: 500, status: 503 },
        { startedAt: 14_000, ms: 4000, status: 0 }, // no answer at all: failed, not in time
        { startedAt: 14_500, ms: 900, status: 200 },
        { startedAt: 15_100, ms: 300, status: 200 }, // after: the recovery
      ],
      fault,
      2500,
    );
    expect(figures).toEqual({ duringFault: 4, inTime: 3, failed: 3, p99Ms: 4000, maxMs: 4000, recoveryMs: 400 });
  });

  it('says when no success came after the fault', () => {
    expect(silentFaultFigures([{ startedAt: 15_500, ms: 100, status: 503 }], fault, 2500).recoveryMs).toBeNull();
  });

  it('without a budget (DB_TIMEOUTS=off) every answer counts as in time, a missing one does not', () => {
    const samples = [
      { startedAt: 11_000, ms: 9000, status: 200 },
      { startedAt: 11_000, ms: 20_000, status: 0 },
    ];
    expect(silentFaultFigures(samples, fault, null).inTime).toBe(1);
  });
});
