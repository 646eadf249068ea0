import { writeUnavailableSeconds } from './pairFaults';
import { reportMarkdown } from './render';
import type { DrillResults } from './results';

const write = (startedAt: number, status: number, ms = 10) => ({ startedAt, ms, status });

describe('the figures of a failover, from every keyed write', () => {
  it('counts from the first failed write to the first acknowledged one after the endpoint moved', () => {
    const writes = [write(0, 201), write(1000, 503), write(1100, 503), write(1200, 201, 300), write(1600, 201)];
    expect(writeUnavailableSeconds(writes, 1400)).toBeCloseTo(0.5); // 1000 → 1500 (answered after the move)
    expect(writeUnavailableSeconds(writes, 1550)).toBeCloseTo(0.61); // the 201 answered before the move does not count
  });

  it('says 0 when no write failed, and null when none was acknowledged again', () => {
    expect(writeUnavailableSeconds([write(0, 201), write(50, 201)], 20)).toBe(0);
    expect(writeUnavailableSeconds([write(0, 201), write(100, 503), write(200, 0)], 150)).toBeNull();
  });
});

describe('the failover rows in the report', () => {
  const results = {
    startedAt: '2026-12-05T05:00:00.000Z',
    machine: {
      cpuModel: 'Test CPU',
      cores: 2,
      memoryBytes: 2 ** 30,
      nodeVersion: 'v0',
      dbVersion: 'MySQL 9.7.4 (9.7.4)',
      dbAddress: 'x',
    },
    settings: {
      ...{ concurrency: 32, durationSeconds: 6, chaosIntervalMs: 200, waitMs: 1, faultSeconds: 0, poolSize: 8 },
      ...{ dbMaxConnections: 50, requestTimeoutMs: 12_000, loadAverage: { before: [1], after: [1] } },
      replication: 'async',
    },
    ...{ httpCeiling: null, dbPatterns: {}, strategies: [], waiting: {}, sweep: [], silentFaults: [], storm: [] },
    unpipelinedNaivePattern: null,
    pairFaults: [
      {
        strategy: 'naive',
        fault: 'failover',
        writeUnavailableSeconds: null,
        reads: 900,
        failedReads: 800,
        ackedWrites: 40,
        lostWrites: 0,
      },
      {
        strategy: 'pool',
        fault: 'primary-crash',
        writeUnavailableSeconds: 3.42,
        reads: 5000,
        failedReads: 12,
        ackedWrites: 1234,
        lostWrites: 9,
      },
    ],
  } satisfies DrillResults;

  it('renders a row per strategy and fault, "never back" for one whose writes never came back', () => {
    const report = reportMarkdown(results);
    expect(report).toContain('## When the primary changes (TOPOLOGY=primary-replica)');
    expect(report).toMatch(/^\| naive +\| failover, async +\| never back +\| 900 +\| 800 +\| 40 +\| 0 +\|$/m);
    expect(report).toMatch(/^\| pool +\| primary-crash, async +\| 3\.4 s +\| 5,000 +\| 12 +\| 1,234 +\| 9 +\|$/m);
  });

  it('leaves the section out of a one-server run', () => {
    expect(reportMarkdown({ ...results, pairFaults: undefined })).not.toContain('When the primary changes');
  });
});
