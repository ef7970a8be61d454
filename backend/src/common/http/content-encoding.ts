import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

type Decoder = () => NodeJS.ReadWriteStream;

/** The Content-Encodings body-parser inflated under Express, and still do. */
const DECODERS: Record<string, Decoder> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Shaped like body-parser's errors (status, expose, type): the exception filter answers them by type. */
function bodyError(message: string, status: number, type: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: true, type });
}

/**
 * Fastify preParsing hook: a compressed request body (gzip, deflate, br) is inflated before the
 * parsers see it, as body-parser did under Express; Fastify's body limit then applies to the
 * inflated bytes, so a small bomb cannot grow past it. Another encoding is 415; bytes that do
 * not inflate are 400. Bodies without Content-Encoding (or "identity") pass untouched.
 */
export function inflateRequestBody(req: FastifyRequest, _reply: FastifyReply, payload: Readable, done: (err: Error | null, stream?: Readable) => void): void {
  const header = req.headers['content-encoding'];
  const encoding = (Array.isArray(header) ? header.join(',') : (header ?? 'identity')).trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') {
    done(null, payload);
    return;
  }
  const decoder = Object.hasOwn(DECODERS, encoding) ? DECODERS[encoding] : undefined;
  if (!decoder) {
    done(bodyError(`unsupported content encoding "${encoding}"`, 415, 'encoding.unsupported'));
    return;
  }
  const inflated = decoder() as NodeJS.ReadWriteStream & Readable & { receivedEncodedLength?: number };
  // Fastify compares this with Content-Length (which counts the compressed bytes).
  inflated.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    inflated.receivedEncodedLength! += chunk.length;
  });
  // Listened to before Fastify's own listener: the error it receives is already shaped.
  inflated.on('error', (err: Error & { status?: number }) => {
    if (err.status === undefined) Object.assign(err, { status: 400, statusCode: 400, expose: true, type: 'encoding.invalid' });
  });
  payload.on('error', (err) => inflated.destroy(err));
  done(null, payload.pipe(inflated) as unknown as Readable);
}
