import type { Cookies } from '@sveltejs/kit';

/**
 * One-shot messages across a redirect (e.g. "Your account has been deleted" on the home page).
 * The cookie holds a code, never text: only the messages below can ever be shown.
 */
const FLASH_COOKIE = 'htmse_flash';

export const FLASH_MESSAGES = {
  'signed-out': { tone: 'success', title: 'You have signed out.' },
  'account-deleted': {
    tone: 'success',
    title: 'Your account has been deleted.',
    text: 'Your name, email address and password are erased. Thank you for learning with HTMSE Academy.'
  },
  'invitation-accepted': { tone: 'success', title: 'You have joined the organisation.' }
} as const satisfies Record<string, { tone: 'success' | 'info'; title: string; text?: string }>;

export type FlashCode = keyof typeof FLASH_MESSAGES;
export interface Flash {
  tone: 'success' | 'info';
  title: string;
  text?: string;
}

export function setFlash(cookies: Cookies, url: URL, code: FlashCode): void {
  cookies.set(FLASH_COOKIE, code, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 60 });
}

/** Reads and forgets the message. */
export function takeFlash(cookies: Cookies): Flash | null {
  const code = cookies.get(FLASH_COOKIE);
  if (!code) return null;
  cookies.delete(FLASH_COOKIE, { path: '/' });
  return Object.hasOwn(FLASH_MESSAGES, code) ? FLASH_MESSAGES[code as FlashCode] : null;
}
