// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      /** Correlates a page error with the API and server logs. */
      requestId?: string;
    }
    interface Locals {
      requestId: string;
      /** The signed-in user, or null (see #lib/server/session). */
      user: import('#lib/server/session.js').SessionUser | null;
      /** Their access token, for API calls made on their behalf (Bearer). */
      accessToken: string | null;
    }
  }
}

export {};
