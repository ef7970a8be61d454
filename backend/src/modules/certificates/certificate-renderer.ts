import { Injectable } from '@nestjs/common';
import { renderCertificatePdf, type CertificateContent } from './certificate-pdf.js';

/**
 * Renders certificates' PDFs for the issuing jobs (which run in the worker process; with the
 * inline queue driver, in the API process after the response). Fonts are parsed once per process
 * (certificate-pdf.ts).
 */
@Injectable()
export class CertificateRenderer {
  render(content: CertificateContent): Promise<Buffer> {
    return renderCertificatePdf(content);
  }
}
