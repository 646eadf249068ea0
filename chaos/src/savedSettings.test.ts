import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SavedSettings } from './savedSettings';

describe('SavedSettings', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'saved-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the first original of a setting: the value from before any chaos', () => {
    const saved = new SavedSettings(join(dir, 'saved.json'));
    expect(saved.keepOriginal('wait_timeout', 28800)).toBe(28800);
    // A second change (the server restarted and the mode set it again) must not overwrite it.
    expect(saved.keepOriginal('wait_timeout', 3)).toBe(28800);
    expect(saved.all()).toEqual({ wait_timeout: 28800 });
  });

  it('outlives the program: a new instance on the same file finds the originals', () => {
    const file = join(dir, 'saved.json');
    new SavedSettings(file).keepOriginal('max_connections', 151);
    new SavedSettings(file).keepOriginal('wait_timeout', 28800);
    const next = new SavedSettings(file);
    expect(next.all()).toEqual({ max_connections: 151, wait_timeout: 28800 });
    next.forget('max_connections');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ wait_timeout: 28800 });
  });

  it('has nothing saved when the file does not exist yet', () => {
    expect(new SavedSettings(join(dir, 'none.json')).all()).toEqual({});
  });

  it('refuses a file that is not what it wrote, instead of setting a garbage value on the server', () => {
    const file = join(dir, 'saved.json');
    writeFileSync(file, '{"wait_timeout":"3; DROP"}');
    expect(() => new SavedSettings(file).all()).toThrow(/is not a file of saved server settings/);
    writeFileSync(file, '{"wait timeout":3}');
    expect(() => new SavedSettings(file).all()).toThrow(/is not a file of saved server settings/);
  });

  it('without a file, keeps them in memory', () => {
    const saved = new SavedSettings();
    saved.keepOriginal('wait_timeout', 28800);
    expect(saved.all()).toEqual({ wait_timeout: 28800 });
    saved.forget('wait_timeout');
    expect(saved.all()).toEqual({});
  });
});
