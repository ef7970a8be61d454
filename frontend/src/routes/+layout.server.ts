import type { LayoutServerLoad } from './$types';
import { takeFlash } from '#lib/server/flash.js';

/** Only what the header needs: the email address and ids stay on the server. */
export const load: LayoutServerLoad = ({ locals, cookies }) => {
  const user = locals.user
    ? {
        displayName: locals.user.displayName,
        isPlatformAdmin: locals.user.isPlatformAdmin,
        hasOrganisations: locals.user.memberships.length > 0
      }
    : null;
  return { user, flash: takeFlash(cookies) };
};
