import { parseVmRssBytes } from './appProbes';

describe('parseVmRssBytes', () => {
  it('reads VmRSS (kB) from /proc/<pid>/status', () => {
    const status =
      'Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  160000 kB\nVmRSS:\t  102400 kB\nRssAnon:\t   90000 kB\n';
    expect(parseVmRssBytes(status)).toBe(100 * 1024 * 1024);
  });

  it('fails on a status without it (a kernel thread, another OS)', () => {
    expect(() => parseVmRssBytes('Name:\tkthreadd\n')).toThrow(/no VmRSS/);
  });
});
