import { ServerChange } from './dropOnServerChange';

describe('ServerChange: the connections opened before a read-only error point at the old server', () => {
  it('calls no connection old before any change', () => {
    expect(new ServerChange().predates(Date.now() - 60_000)).toBe(false);
  });
  it('calls a connection born before the change old, one born after it not, one it does not know not', async () => {
    const change = new ServerChange();
    const before = Date.now();
    change.mark();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(change.predates(before)).toBe(true);
    expect(change.predates(Date.now())).toBe(false);
    expect(change.predates(undefined)).toBe(false);
  });
});
