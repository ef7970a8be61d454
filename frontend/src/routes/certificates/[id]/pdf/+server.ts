import type { RequestHandler } from './$types';
import { certificateDownload } from '../certificate-file.server';

/** The certificate as a PDF (its holder, platform admins, admins of its organisation). */
export const GET: RequestHandler = (event) => certificateDownload(event, 'pdf');
