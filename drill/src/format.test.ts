import { count, mebibytes, ms, percent, plural, ratio } from './format';

it('formats counts, ratios, milliseconds, memory and shares for people', () => {
  expect([count(12345.6), count(0)]).toEqual(['12,346', '0']);
  expect([ratio(0), ratio(0.0617), ratio(0.41), ratio(6.123), ratio(16.5), ratio(Infinity)]).toEqual([
    '0',
    '0.062',
    '0.41',
    '6.12',
    '16.5',
    '—',
  ]);
  expect([ms(0.4), ms(1.9), ms(1204)]).toEqual(['<1', '1', '1,204']);
  expect(mebibytes(150 * 1024 * 1024)).toBe('150');
  expect([percent(0.1), percent(-0.0123)]).toEqual(['10.0 %', '-1.2 %']);
  expect([plural(1, 'kill'), plural(3, 'kill')]).toEqual(['1 kill', '3 kills']);
});
