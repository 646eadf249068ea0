import { badRequest } from '../clientError';
import type { NewPerson } from './person';

const MAX_ID = 2_147_483_647; // INT's upper bound: a larger id cannot exist, so it is a malformed one
const NAME_MAX = 100; // the column width
const FIELDS = ['firstname', 'surname'] as const;
const IDEMPOTENCY_KEY = /^[\w.:-]{1,128}$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/; // not valid UTF-16
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/; // C0, DEL and C1
// Embeddings, overrides and isolates reorder how the text around them is displayed: "abc\u202Eexe.txt"
// shows as "abctxt.exe", in the lab page and in every terminal that prints the name.
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
// What draws nothing: zero-width spaces and joiners, word joiner, BOM, and the blank letters (U+3164
// HANGUL FILLER) are all Default_Ignorable. They may stand next to visible characters (emoji
// sequences and Persian need ZWJ and ZWNJ), but a name of nothing else shows as an empty one.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const VISIBLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
const codePoint = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** `/person/:id` accepts a positive whole number and nothing else. */
export function parsePersonId(raw: string): number {
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(id <= MAX_ID)) throw badRequest(`id must be a whole number from 1 to ${MAX_ID}, got ${JSON.stringify(raw)}.`);
  return id;
}

/** The body of POST /person: exactly firstname and surname, non-empty strings of at most 100 characters. */
export function parseNewPerson(body: unknown): NewPerson {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The body must be a JSON object with "firstname" and "surname".');
  }
  const unknown = Object.keys(body).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw badRequest(
      `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')}: only "firstname" and "surname" are accepted.`,
    );
  }
  const record = body as Record<string, unknown>;
  const [firstname, surname] = FIELDS.map((field) => {
    const value = record[field];
    if (typeof value !== 'string') throw badRequest(`"${field}" is required and must be a string.`);
    const trimmed = value.trim();
    if (trimmed.length === 0) throw badRequest(`"${field}" must not be empty.`);
    // What the database cannot store as sent would come back different from the 201 reply: a lone
    // surrogate becomes "?", and control characters (NUL, terminal escapes) have no place in a name.
    if (LONE_SURROGATE.test(trimmed))
      throw badRequest(`"${field}" is not valid Unicode text: it contains a lone surrogate.`);
    const control = CONTROL_CHARACTER.exec(trimmed);
    if (control) throw badRequest(`"${field}" must not contain control characters (${codePoint(control[0])}).`);
    const bidi = BIDI_CONTROL.exec(trimmed);
    if (bidi)
      throw badRequest(
        `"${field}" must not contain bidirectional controls (${codePoint(bidi[0])}): they change how the text around them is displayed.`,
      );
    if (!VISIBLE.test(trimmed.replace(INVISIBLE, '')))
      throw badRequest(`"${field}" must contain a visible character: it holds only invisible ones.`);
    if ([...trimmed].length > NAME_MAX) throw badRequest(`"${field}" must be at most ${NAME_MAX} characters.`);
    return trimmed;
  });
  return { firstname, surname };
}

/**
 * An optional Idempotency-Key header; absent means the write is not safe to repeat. Present but blank
 * (`Idempotency-Key:`, a template whose variable was empty) is refused, not taken as absent: the client
 * meant its write to be safe to repeat, and a repeat would make a second row.
 */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === '') throw badRequest('Idempotency-Key is empty: send a key, or no Idempotency-Key header.');
  if (!IDEMPOTENCY_KEY.test(raw)) {
    throw badRequest('Idempotency-Key must be 1 to 128 characters of letters, digits, "_", "-", "." or ":".');
  }
  return raw;
}
