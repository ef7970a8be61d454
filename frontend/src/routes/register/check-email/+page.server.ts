import type { PageServerLoad } from './$types';
import { devMailEnabled } from '$lib/server/dev-mode';

export const load: PageServerLoad = () => ({ devMail: devMailEnabled() });
