import { ClientError } from '../clientError';
import { parseIdempotencyKey, parseNewPerson, parsePersonId } from './validate';

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as ClientError;
  }
  throw new Error('expected a ClientError');
};

describe('parsePersonId', () => {
  it('accepts positive whole numbers', () => expect(parsePersonId('42')).toBe(42));
  it.each(['0', '-1', '1.5', 'abc', '01', '1e3', '', '2147483648', '99999999999'])('rejects %j', (raw) => {
    const err = failure(() => parsePersonId(raw));
    expect(err.kind).toBe('bad-request');
    expect(err.message).toContain(JSON.stringify(raw));
  });
});

describe('parseNewPerson', () => {
  it('trims and accepts exactly firstname and surname', () => {
    expect(parseNewPerson({ firstname: ' Ada ', surname: 'Lovelace' })).toEqual({
      firstname: 'Ada',
      surname: 'Lovelace',
    });
  });
  it('accepts any well-formed Unicode text: accents, other scripts, emoji (surrogate pairs)', () => {
    const names = { firstname: 'Zoë 😀', surname: 'Łukasiewicz–张' };
    expect(parseNewPerson(names)).toEqual(names);
  });
  it('accepts the invisible joiners real names need, next to visible characters: emoji sequences, Persian', () => {
    const names = { firstname: '👩\u200d🔬', surname: 'می\u200cخواهم' };
    expect(parseNewPerson(names)).toEqual(names);
  });
  it.each([
    [null, /JSON object/],
    [[], /JSON object/],
    [{ surname: 'x' }, /"firstname" is required/],
    [{ firstname: 'x', surname: 3 }, /"surname" is required and must be a string/],
    [{ firstname: '  ', surname: 'x' }, /"firstname" must not be empty/],
    [{ firstname: 'x'.repeat(101), surname: 'x' }, /"firstname" must be at most 100/],
    [{ firstname: 'x', surname: 'y', age: 3 }, /Unknown field "age"/],
    [{ firstname: 'x', surname: 'y', id: 1, admin: true }, /Unknown fields "id", "admin"/],
    [{ firstname: '\ud800', surname: 'x' }, /"firstname" is not valid Unicode text/],
    [{ firstname: 'x', surname: 'Lovelace\udfff' }, /"surname" is not valid Unicode text/],
    [{ firstname: 'a\u0000b', surname: 'x' }, /"firstname" must not contain control characters \(U\+0000\)/],
    [{ firstname: 'x', surname: '\u001b[31mred' }, /"surname" must not contain control characters \(U\+001B\)/],
    [{ firstname: 'a\u007fb', surname: 'x' }, /control characters \(U\+007F\)/],
    [{ firstname: 'a\u0085b', surname: 'x' }, /control characters \(U\+0085\)/],
    [{ firstname: 'Ada\nLovelace', surname: 'x' }, /control characters \(U\+000A\)/],
    [{ firstname: '\u200b', surname: 'x' }, /"firstname" must contain a visible character/],
    [{ firstname: 'x', surname: '\u200b\u200c\u2060\ufeff' }, /"surname" must contain a visible character/],
    [{ firstname: '\u3164', surname: 'x' }, /"firstname" must contain a visible character/], // HANGUL FILLER: a blank letter
    [{ firstname: 'x', surname: 'abc\u202eexe.txt' }, /"surname" must not contain bidirectional controls \(U\+202E\)/],
    [{ firstname: '\u2067Ada\u2069', surname: 'x' }, /"firstname" must not contain bidirectional controls \(U\+2067\)/],
  ])('rejects %j, naming what is wrong', (body, message) => {
    const err = failure(() => parseNewPerson(body));
    expect(err.kind).toBe('bad-request');
    expect(err.message).toMatch(message);
  });
});

describe('parseIdempotencyKey', () => {
  it('is optional', () => expect(parseIdempotencyKey(undefined)).toBeUndefined());
  it('refuses a blank header: a client that meant to send a key must not get two rows for one write', () => {
    const err = failure(() => parseIdempotencyKey(''));
    expect(err.kind).toBe('bad-request');
    expect(err.message).toMatch(/^Idempotency-Key is empty/);
  });
  it('accepts a uuid', () =>
    expect(parseIdempotencyKey('7f1c0b9e-1d2a-4c55-9a57-0d4c7d3c1f00')).toBe('7f1c0b9e-1d2a-4c55-9a57-0d4c7d3c1f00'));
  it('rejects spaces and overlong keys', () => {
    expect(failure(() => parseIdempotencyKey('a b')).kind).toBe('bad-request');
    expect(failure(() => parseIdempotencyKey('k'.repeat(129))).kind).toBe('bad-request');
  });
});
