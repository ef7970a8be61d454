/** Reading submitted forms. Values are always strings here; absent fields are ''. */

export function textField(data: FormData, name: string, { trim = true }: { trim?: boolean } = {}): string {
  const value = data.get(name);
  if (typeof value !== 'string') return '';
  return trim ? value.trim() : value;
}

/** Deliberately loose: the API has the final word; this only catches what is plainly not an address. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(email: string, missing = 'Enter your email address'): string | undefined {
  if (!email) return missing;
  if (email.length > 254 || !EMAIL.test(email)) return 'Enter an email address in the correct format, like name@example.org';
  return undefined;
}

export const PASSWORD_MIN_LENGTH = 12;

/** Only the length is checked here (in characters, not bytes); the API also refuses common passwords. */
export function newPasswordProblem(password: string, label = 'Password'): string | undefined {
  if (!password) return `Enter ${label === 'Password' ? 'a password' : label.toLowerCase()}`;
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `${label} must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > 256) return `${label} must be 256 characters or fewer`;
  return undefined;
}

export function displayNameProblem(name: string): string | undefined {
  if (!name) return 'Enter your display name';
  if ([...name].length > 100) return 'Display name must be 100 characters or fewer';
  return undefined;
}

/** Drops undefined entries, so `Object.keys(errors).length` says whether anything is wrong. */
export function compact(errors: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(errors)) if (value) out[key] = value;
  return out;
}
