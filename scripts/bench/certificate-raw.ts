// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the renderer's own ambient declaration of fontkit (not a module), which the backend's tsconfig finds and this one does not
/// <reference path="../../backend/src/common/pdf/fontkit.d.ts" />
/**
 * The raw loop the certificates bench compares issuance with (scripts/bench/certificates.ts):
 * in a process of its own, the same pdfkit rendering with the same fonts (the certificates
 * module's renderer, fonts parsed once) and the same file write (its local store: temporary file,
 * rename), one certificate after another, nothing else. Prints { count, ms, cpuMs, bytes } as JSON
 * (cpuMs: this process's user + system CPU time over the loop).
 *
 * Env: RAW_COUNT (default 1000), RAW_DIR (where to write), RAW_WARMUP (default 20, not counted).
 */
import { randomUUID } from 'node:crypto';
import { renderCertificatePdf, type CertificateContent } from '../../backend/src/modules/certificates/certificate-pdf.js';
import { LocalCertificateStore, certificateStorageKey } from '../../backend/src/modules/certificates/certificate-store.js';

const count = Number(process.env.RAW_COUNT ?? 1000);
const warmup = Number(process.env.RAW_WARMUP ?? 20);
const dir = process.env.RAW_DIR;
if (!dir) throw new Error('RAW_DIR is required');
const store = new LocalCertificateStore(dir);
const secret = randomUUID();

/** What issuance renders for the bench's cohort: the same course, a learner's name, a code, the verification URL. */
function benchContent(i: number): CertificateContent {
  return {
    code: `HTM-BENCH-${String(i).padStart(6, '0')}`,
    holderName: `Learner ${i} Zoë Ødegård-Nguyễn 李`,
    courseTitle: 'Understanding human trafficking and modern slavery',
    courseVersion: 1,
    completedAt: new Date(),
    expiresAt: null,
    learningMinutes: 90,
    score: 85,
    issuerName: 'HTMSE Academy',
    verifyUrl: `https://bench.invalid/verify/HTM-BENCH-${String(i).padStart(6, '0')}`,
  };
}

async function one(i: number): Promise<number> {
  const pdf = await renderCertificatePdf(benchContent(i));
  await store.put(certificateStorageKey(secret, randomUUID()), pdf);
  return pdf.length;
}

for (let i = 0; i < warmup; i++) await one(i);
let bytes = 0;
const started = performance.now();
const cpuBefore = process.cpuUsage();
for (let i = 0; i < count; i++) bytes += await one(i);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ count, ms: Math.round(ms), cpuMs: Math.round((cpu.user + cpu.system) / 1000), bytes })}\n`);
