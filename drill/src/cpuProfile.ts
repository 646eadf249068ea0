/**
 * Where the app's own time went, from the V8 CPU profile `node --cpu-prof` writes as the app exits:
 * the main thread's samples within the measured phase, by the function that was running (self
 * time), and by the part of the stack it belongs to. Pure: reading the file is readCpuProfile's job.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a .cpuprofile the drill reads (Chrome DevTools' format). */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame }[];
  /** µs on the monotonic clock, the one process.hrtime() reads. */
  readonly startTime: number;
  /** Node ids, one per sample. */
  readonly samples: readonly number[];
  /** µs since the sample before (the first: since startTime). */
  readonly timeDeltas: readonly number[];
}

export interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

/** What ran, grouped so that two strategies can be compared line by line. */
export const PROFILE_PARTS = [
  'socket writes',
  'the connector (mariadb)',
  'Koa and the other packages',
  "the lab's own code",
  'Node.js internals',
  'garbage collection',
  'V8 and native code, unattributed',
] as const;
export type ProfilePart = (typeof PROFILE_PARTS)[number];

/** Node's native write calls: each is a system call, made while JavaScript waits for it. */
const SOCKET_WRITES = new Set([
  'writeBuffer',
  'writev',
  'writeUtf8String',
  'writeLatin1String',
  'writeAsciiString',
  'writeUcs2String',
]);

/** The part a sample's running function belongs to; null while the event loop waited (idle). */
export function partOf({ functionName, url }: CallFrame): ProfilePart | null {
  if (functionName === '(idle)') return null;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (url === '' && SOCKET_WRITES.has(functionName)) return 'socket writes';
  if (url.includes('/node_modules/mariadb/')) return 'the connector (mariadb)';
  if (url.includes('/node_modules/')) return 'Koa and the other packages';
  if (url.startsWith('node:')) return 'Node.js internals';
  if (url.startsWith('file://') || url.startsWith('/')) return "the lab's own code";
  return 'V8 and native code, unattributed';
}

/** A function as a reader can find it: its name, and its file from the package or the lab's folder on. */
export function functionLabel({ functionName, url, lineNumber }: CallFrame): string {
  const name = functionName || '(anonymous)';
  if (url === '') return name;
  const file = url.includes('/node_modules/')
    ? url.replace(/^.*\/node_modules\//, '')
    : url.replace(/^.*\/dist\//, '').replace(/^file:\/\//, '');
  return `${name} (${file}:${lineNumber + 1})`;
}

export interface ProfileSummary {
  /** µs of samples in the window in which the main thread was running something. */
  readonly busyUs: number;
  readonly byPart: Readonly<Record<ProfilePart, number>>;
  /** µs of self time by function (functionLabel), idle excluded. */
  readonly byFunction: Readonly<Record<string, number>>;
}

/** The samples taken from `fromUs` to `toUs` (the measured phase, not the app's start or warm-up). */
export function summarizeProfile(profile: CpuProfile, fromUs: number, toUs: number): ProfileSummary {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byPart = Object.fromEntries(PROFILE_PARTS.map((part) => [part, 0])) as Record<ProfilePart, number>;
  const byFunction: Record<string, number> = {};
  let busyUs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = frames.get(id);
    if (at < fromUs || at >= toUs || !frame) return;
    const part = partOf(frame);
    if (part === null) return;
    byPart[part] += us;
    const label = functionLabel(frame);
    byFunction[label] = (byFunction[label] ?? 0) + us;
    busyUs += us;
  });
  return { busyUs, byPart, byFunction };
}

/** The one profile in `dir`, where the app's --cpu-prof-dir pointed. */
export async function readCpuProfile(dir: string): Promise<CpuProfile> {
  const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length !== 1)
    throw new Error(`expected one .cpuprofile in ${dir}, found ${files.length}: did the app exit cleanly?`);
  return JSON.parse(await readFile(join(dir, files[0]), 'utf8')) as CpuProfile;
}

/** Now, on the clock the profile's timestamps use. */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
