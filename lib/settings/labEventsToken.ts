import { ConfigError, type Env } from './envReaders';

/**
 * The secret the chaos program sends with each event it reports (Authorization: Bearer ...), so that
 * only it can draw on the lab page. Both programs read it from .env through compose.
 */
export const LAB_EVENTS_TOKEN = 'LAB_EVENTS_TOKEN';
const TOKEN = /^[\x21-\x7e]{16,200}$/; // fits in a header as it is

/** The token, or undefined when unset and not required. A malformed one is refused without being shown. */
export function readLabEventsToken(env: Env, required: boolean): string | undefined {
  const raw = env[LAB_EVENTS_TOKEN]?.trim();
  if (!raw) {
    if (required)
      throw new ConfigError(
        LAB_EVENTS_TOKEN,
        'a secret of 16 characters or more (copy the line from .env.example into .env)',
        undefined,
      );
    return undefined;
  }
  if (!TOKEN.test(raw))
    throw new ConfigError(LAB_EVENTS_TOKEN, '16 to 200 printable characters without spaces', '(hidden)');
  return raw;
}
