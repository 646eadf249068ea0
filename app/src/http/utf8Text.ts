/**
 * A request body's text, which must be UTF-8 (JSON is: RFC 8259). A lenient decoder (raw-body's, a
 * TextDecoder's) puts U+FFFD where the bytes are not UTF-8: the app would store a name the client never
 * sent and answer 201. Refused instead, saying where: which field of the JSON, when it can tell.
 */
const strict = new TextDecoder('utf-8', { fatal: true }); // drops a leading BOM, as raw-body did
const lenient = new TextDecoder('utf-8');
/** Marks the first bad bytes while the JSON is read to find its field: a noncharacter, never in a name. */
const MARK = '\uffff';

export class InvalidUtf8 extends Error {
  constructor(
    /** Where the first bytes that are not UTF-8 start (0-based). */
    readonly byteOffset: number,
    /** The JSON field that holds them ("firstname", "a.b"), when the rest of the body is JSON that says so. */
    readonly field: string | undefined,
  ) {
    super(
      field === undefined
        ? `The body is not valid UTF-8 (byte ${byteOffset}): send JSON as UTF-8.`
        : `"${field}" is not valid UTF-8 text (byte ${byteOffset} of the body): send JSON as UTF-8.`,
    );
    this.name = 'InvalidUtf8';
  }
}

/** The offset of the first byte sequence that is not well-formed UTF-8 (Unicode 15, table 3-7), if any. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // How many continuation bytes follow, and the range of the first one: overlong forms, surrogates
    // (ED A0..BF) and code points past U+10FFFF are not UTF-8.
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) count = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      count = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      count = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= count; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += count + 1;
  }
  return undefined;
}

/** The path of every string value holding `mark`, as "a.b.0"; '' for the body itself or a key (no field to name). */
function pathsHolding(value: unknown, mark: string, path: string[] = []): string[] {
  if (typeof value === 'string') return value.includes(mark) ? [path.join('.')] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key.includes(mark) ? [''] : pathsHolding(child, mark, [...path, key]),
  );
}

/** Which JSON field the bad bytes at `offset` are in: the body read leniently, with a mark put there. */
function fieldAt(bytes: Uint8Array, offset: number): string | undefined {
  const marked = lenient.decode(bytes.subarray(0, offset)) + MARK + lenient.decode(bytes.subarray(offset));
  try {
    const paths = pathsHolding(JSON.parse(marked), MARK);
    return paths.length === 1 && paths[0] !== '' ? paths[0] : undefined; // the client's own U+FFFF: no telling
  } catch {
    return undefined; // not JSON even so: the offset alone
  }
}

/** The body's text; throws InvalidUtf8 when it is not UTF-8. */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes) ?? 0;
    throw new InvalidUtf8(offset, fieldAt(bytes, offset));
  }
}
