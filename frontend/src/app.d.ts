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
    }
  }
}

export {};
