import { firstInvalidUtf8Byte, InvalidUtf8, utf8Text } from './utf8Text';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

const failure = (body: Buffer) => {
  try {
    utf8Text(body);
  } catch (err) {
    return err as InvalidUtf8;
  }
  throw new Error('expected InvalidUtf8');
};

describe('utf8Text', () => {
  it('reads UTF-8 as it is: accents, other scripts, emoji, and an encoded U+FFFD', () => {
    const text = '{"firstname":"Zoë 😀","surname":"张 \ufffd"}';
    expect(utf8Text(Buffer.from(text, 'utf8'))).toBe(text);
  });

  it('drops a leading byte order mark, as the body reader did', () => {
    expect(utf8Text(bytes([0xef, 0xbb, 0xbf], '{}'))).toBe('{}');
  });

  it.each([
    ['a Latin-1 é', bytes('{"firstname":"Ren', [0xe9], '","surname":"x"}'), 'firstname', 17],
    ['a cut-off sequence', bytes('{"firstname":"x","surname":"', [0xe2, 0x82], '"}'), 'surname', 28],
    ['a nested field', bytes('{"a":{"b":["ok","', [0xff], '"]}}'), 'a.b.1', 17],
  ])('names the field that holds %s, and the byte', (_what, body, field, offset) => {
    const err = failure(body);
    expect(err).toBeInstanceOf(InvalidUtf8);
    expect(err.byteOffset).toBe(offset);
    expect(err.field).toBe(field);
    expect(err.message).toBe(`"${field}" is not valid UTF-8 text (byte ${offset} of the body): send JSON as UTF-8.`);
  });

  it('says the byte alone when there is no field to name', () => {
    expect(failure(bytes([0xff], '{}')).message).toBe('The body is not valid UTF-8 (byte 0): send JSON as UTF-8.');
    expect(failure(bytes('{"a":"', [0xff], '"')).field).toBeUndefined(); // not JSON even so
    expect(failure(bytes('"', [0xff], '"')).field).toBeUndefined(); // a string, not a field
    expect(failure(bytes('{"na', [0xc0, 0xae], 'me":"x"}')).field).toBeUndefined(); // in a key
    // A U+FFFF of the client's own elsewhere: two places hold the mark, so no field is named.
    expect(failure(bytes('{"a":"\\uffff","b":"', [0xff], '"}')).field).toBeUndefined();
  });
});

describe('firstInvalidUtf8Byte', () => {
  it.each([
    ['ASCII', [0x41, 0x42], undefined],
    ['2, 3 and 4 bytes', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], undefined],
    ['U+10FFFF, the last code point', [0xf4, 0x8f, 0xbf, 0xbf], undefined],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an overlong "/" (C0 AF)', [0xc0, 0xaf], 0],
    ['an overlong 3-byte form (E0 80 80)', [0xe0, 0x80, 0x80], 0],
    ['a surrogate (ED A0 80)', [0x41, 0xed, 0xa0, 0x80], 1],
    ['past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80], 0],
    ['F5 and above', [0xf5, 0x80, 0x80, 0x80], 0],
    ['a sequence cut at the end', [0x41, 0xf0, 0x9f, 0x98], 1],
  ])('%s', (_what, input, expected) => {
    expect(firstInvalidUtf8Byte(Uint8Array.from(input))).toBe(expected);
  });
});
