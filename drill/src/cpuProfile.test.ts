import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionLabel, partOf, readCpuProfile, summarizeProfile, type CallFrame, type CpuProfile } from './cpuProfile';

const frame = (functionName: string, url = '', lineNumber = -1): CallFrame => ({ functionName, url, lineNumber });
const APP = 'file:///work/lab/dist/app/src/db/requestConnection.js';
const POOL = 'file:///work/lab/node_modules/mariadb/dist/promise.cjs';
const KOA = 'file:///work/lab/node_modules/koa/lib/application.js';

describe('partOf', () => {
  it.each([
    [frame('(idle)'), null],
    [frame('(garbage collector)'), 'garbage collection'],
    [frame('writev'), 'socket writes'],
    [frame('writeBuffer'), 'socket writes'],
    [frame('_acquireIdleConnection', POOL, 33), 'the connector (mariadb)'],
    [frame('respond', KOA, 286), 'Koa and the other packages'],
    [frame('emit', 'node:events', 469), 'Node.js internals'],
    [frame('read', APP, 40), "the lab's own code"],
    [frame('(program)'), 'V8 and native code, unattributed'],
    [frame('runMicrotasks'), 'V8 and native code, unattributed'],
  ])('%o is %p', (callFrame, part) => {
    expect(partOf(callFrame)).toBe(part);
  });
});

it('functionLabel names the package file or the lab file, and lines from 1', () => {
  expect(functionLabel(frame('_acquireIdleConnection', POOL, 33))).toBe(
    '_acquireIdleConnection (mariadb/dist/promise.cjs:34)',
  );
  expect(functionLabel(frame('', APP, 9))).toBe('(anonymous) (app/src/db/requestConnection.js:10)');
  expect(functionLabel(frame('writev'))).toBe('writev');
});

describe('summarizeProfile', () => {
  // Samples at 1,000 (startup), 2,000, 3,000, 4,000, 5,000 and 6,000 µs; each stands for the time to the next.
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(idle)') },
      { id: 2, callFrame: frame('writev') },
      { id: 3, callFrame: frame('respond', KOA, 286) },
      { id: 4, callFrame: frame('_acquireIdleConnection', POOL, 33) },
    ],
    startTime: 0,
    samples: [3, 2, 1, 4, 2, 3],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('adds up the busy samples inside the window, by part and by function, leaving out idle time', () => {
    const summary = summarizeProfile(profile, 1500, 5500);
    expect(summary.busyUs).toBe(3000); // writev at 2,000 and 5,000, the connector at 4,000
    expect(summary.byPart['socket writes']).toBe(2000);
    expect(summary.byPart['the connector (mariadb)']).toBe(1000);
    expect(summary.byPart['Koa and the other packages']).toBe(0);
    expect(summary.byFunction).toEqual({ writev: 2000, '_acquireIdleConnection (mariadb/dist/promise.cjs:34)': 1000 });
  });

  it('gives the last sample no time: nothing says how long it lasted', () => {
    expect(summarizeProfile(profile, 5500, 7000).busyUs).toBe(0);
  });
});

describe('readCpuProfile', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'profile-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads the one .cpuprofile in the folder', async () => {
    const profile = { nodes: [], startTime: 5, samples: [], timeDeltas: [] };
    await writeFile(join(dir, 'CPU.20261126.1.cpuprofile'), JSON.stringify(profile));
    await expect(readCpuProfile(dir)).resolves.toEqual(profile);
  });

  it('names the folder when there is none (an app that did not exit cleanly writes none)', async () => {
    await expect(readCpuProfile(dir)).rejects.toThrow(`expected one .cpuprofile in ${dir}, found 0`);
    await expect(readCpuProfile(join(dir, 'missing'))).rejects.toThrow('found 0: did the app exit cleanly?');
  });
});
