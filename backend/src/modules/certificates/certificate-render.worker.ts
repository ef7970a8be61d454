import { renderCertificatePdf, type CertificateContent } from './certificate-pdf.js';

/**
 * Runs in CertificateRenderer's worker thread when jobs run inside the API process (the inline
 * queue driver): the page is drawn off the API's event loop. The thread parses the fonts once,
 * like a worker process.
 */
export default function renderTask(content: CertificateContent): Promise<Buffer> {
  return renderCertificatePdf(content);
}
