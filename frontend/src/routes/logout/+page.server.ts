import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { apiFor } from '#lib/server/api-event.js';
import { callApi } from '#lib/server/api-result.js';
import { setFlash } from '#lib/server/flash.js';
import { sessionUser } from '#lib/server/guards.js';
import { clearSession, SESSION_COOKIES } from '#lib/server/session.js';

export const load: PageServerLoad = (event) => {
  // Nothing to sign out of.
  if (!sessionUser(event)) redirect(303, '/');
};

export const actions: Actions = {
  default: async (event) => {
    const refreshToken = event.cookies.get(SESSION_COOKIES.refresh);
    if (event.locals.accessToken || refreshToken) {
      const api = apiFor(event);
      // The cookies go whatever the API says: signing out must always work on this device.
      await callApi(() => api.POST('/api/auth/logout', { body: refreshToken ? { refreshToken } : {} }));
    }
    clearSession(event.cookies);
    setFlash(event.cookies, event.url, 'signed-out');
    redirect(303, '/');
  }
};
