// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
      /** Correlates a page error with the API and server logs. */
      requestId?: string;
    }
    interface PageData {
      /** Set by sensitive pages (a lesson or course with a content note, a publication): the support panel's data; the layout adds the quick exit. */
      support?: import('#lib/support.js').SupportView | null;
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
