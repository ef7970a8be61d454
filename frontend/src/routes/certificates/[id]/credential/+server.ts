import type { RequestHandler } from './$types';
import { certificateDownload } from '../certificate-file.server';

/** The certificate's digital credential, an Open Badges 3.0 VC-JWT (its holder only). */
export const GET: RequestHandler = (event) => certificateDownload(event, 'credential');
