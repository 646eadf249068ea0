import { isProxyFor, parseCpuTicks, parseReadSyscalls, perAnswer } from './cpuMeter';

describe('parseCpuTicks', () => {
  it('adds utime and stime, after a command name with spaces and parentheses', () => {
    const stat = '4242 (node (lab) app) S 1 4242 4242 0 -1 4194304 9000 0 12 0 1500 320 0 0 20 0 11 0 7000 1 2 3';
    expect(parseCpuTicks(stat)).toBe(1820);
  });

  it('names what is missing rather than returning NaN', () => {
    expect(() => parseCpuTicks('4242 (node) S 1')).toThrow('no CPU times in the process stat');
  });
});

describe('parseReadSyscalls', () => {
  it('reads syscr', () => {
    expect(parseReadSyscalls('rchar: 91785742\nwchar: 16207230\nsyscr: 210044\nsyscw: 180233\n')).toBe(210044);
  });

  it('throws without it', () => {
    expect(() => parseReadSyscalls('rchar: 1\n')).toThrow('no syscr line');
  });
});

describe('isProxyFor', () => {
  const argv = (port: string) =>
    `/usr/sbin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port ${port} -container-ip 172.18.0.2 -container-port 3306`.split(
      ' ',
    );

  it("is the docker-proxy of one of the lab's published ports", () => {
    expect(isProxyFor(argv('3307'), [3307, 8080])).toBe(true);
  });

  it("is not another lab's proxy, nor another program", () => {
    expect(isProxyFor(argv('13307'), [3307, 8080])).toBe(false);
    expect(isProxyFor(['/usr/bin/node', '-host-port', '3307'], [3307])).toBe(false);
    expect(isProxyFor(['/usr/sbin/docker-proxy'], [3307])).toBe(false);
  });
});

describe('perAnswer', () => {
  const before = { app: 1_000_000, appReads: 100, db: 500_000, proxy: 0, drill: 2_000_000 };
  const after = { app: 1_400_000, appReads: 2_100, db: 700_000, proxy: 300_000, drill: 2_100_000 };

  it('divides what each process spent by the answers', () => {
    expect(perAnswer(before, after, 1000)).toEqual({ app: 400, db: 200, proxy: 300, drill: 100, appReads: 2 });
  });

  it('keeps unknown processes unknown, and has nothing to say without answers', () => {
    expect(perAnswer({ ...before, db: null }, after, 1000)?.db).toBeNull();
    expect(perAnswer(before, { ...after, proxy: null }, 1000)?.proxy).toBeNull();
    expect(perAnswer(before, after, 0)).toBeUndefined();
  });
});
