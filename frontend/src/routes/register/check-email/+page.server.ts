import type { PageServerLoad } from './$types';
import { devMailEnabled } from '#lib/server/dev-mode.js';

export const load: PageServerLoad = () => ({ devMail: devMailEnabled() });
