/**
 * Reading settings from the environment: each reader returns a typed value or throws a ConfigError
 * that names the variable and what was expected. Shared by the app's config and the chaos program's.
 */
export type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    expected: string,
    got: string | undefined,
  ) {
    super(`${variable} ${got === undefined ? 'is missing' : `is ${JSON.stringify(got)}`}: expected ${expected}`);
    this.name = 'ConfigError';
  }
}

export function text(env: Env, name: string, fallback?: string): string {
  const value = env[name]?.trim() || fallback;
  if (value === undefined) throw new ConfigError(name, 'a non-empty value', env[name]);
  return value;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `a whole number from ${min} to ${max}`, env[name]);
  }
  return value;
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim() || fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(name, `one of ${allowed.join(', ')}`, raw);
  return raw as T;
}

/** Two settings that only work in one order: a ConfigError naming the first when it is not `relation` the other. */
export function requireOrder(
  name: string,
  value: number,
  relation: 'below' | 'at most' | 'above',
  otherName: string,
  other: number,
): void {
  const inOrder = relation === 'below' ? value < other : relation === 'at most' ? value <= other : value > other;
  if (!inOrder) throw new ConfigError(name, `${relation} ${otherName} (${other})`, String(value));
}

/** Hides the password from JSON.stringify, util.inspect and spread copies (as pg-pool does). */
export function withHiddenPassword<T extends { readonly password: string }>(
  settings: Omit<T, 'password'>,
  password: string,
): T {
  const copy = { ...settings } as T;
  Object.defineProperty(copy, 'password', { value: password, enumerable: false });
  return Object.freeze(copy);
}
