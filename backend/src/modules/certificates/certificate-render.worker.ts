import { Piscina } from 'piscina';
import { renderCertificatePdf, type CertificateContent } from './certificate-pdf.js';

/**
 * Runs in CertificateRenderer's worker threads: the page is drawn off the issuing process's event
 * loop. Each thread parses the fonts once. The bytes are moved back, not copied.
 */
export default async function renderTask(content: CertificateContent): Promise<Uint8Array> {
  const pdf = await renderCertificatePdf(content);
  // A small Buffer may be a view into Node's shared pool: then copy it into an ArrayBuffer of its own, which can move.
  const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength;
  const own = whole ? new Uint8Array(pdf.buffer) : Uint8Array.from(pdf);
  return Piscina.move(own) as unknown as Uint8Array;
}
