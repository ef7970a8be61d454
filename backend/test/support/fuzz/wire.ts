import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * Requests as the fuzzer builds them, and how they go on the wire. node:http rather than fetch:
 * fetch normalises paths ("/a/../b", "%2e%2e"), refuses lone surrogates and sets headers of its
 * own, and the fuzzer must send exactly the bytes it means.
 */

/** Text sent exactly as written: a JSON token ("1e999", a 400,000-deep array) or a pre-encoded URL piece. */
export class Raw {
  constructor(readonly text: string) {}
}

export type Body =
  | { kind: 'json'; value: unknown; contentType?: string }
  | { kind: 'bytes'; bytes: Buffer; contentType?: string }
  | { kind: 'multipart'; parts: MultipartPart[]; boundary?: string; contentType?: string; truncate?: boolean };

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
  extraHeaders?: string[];
}

export interface FuzzRequest {
  method: string;
  pathTemplate: string;
  path: Record<string, string | Raw>;
  /** In order; repeats allowed; a null value sends the bare key. */
  query: [string | Raw, string | Raw | null][];
  headers: Record<string, string>;
  body?: Body;
}

export interface WireRequest {
  method: string;
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Percent-encodes as UTF-8, except that a lone surrogate becomes its WTF-8 bytes (ED A0 80 for
 * U+D800), which is what a careless client sends; Buffer.from would quietly turn it into U+FFFD.
 */
export function encodeComponent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (UNRESERVED.test(ch)) {
      out += ch;
      continue;
    }
    const code = value.charCodeAt(i);
    let bytes: number[];
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && value.charCodeAt(i + 1) >= 0xdc00 && value.charCodeAt(i + 1) <= 0xdfff) {
      bytes = [...Buffer.from(value.slice(i, i + 2), 'utf8')];
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    } else {
      bytes = [...Buffer.from(ch, 'utf8')];
    }
    out += bytes.map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

const piece = (v: string | Raw) => (v instanceof Raw ? v.text : encodeComponent(v));

/** JSON text of a value that may hold Raw tokens; strings go through JSON.stringify (lone surrogates as \udXXX). */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => toJson(v === undefined ? null : v)).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${toJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function multipart(body: Extract<Body, { kind: 'multipart' }>): { bytes: Buffer; contentType: string } {
  const boundary = body.boundary ?? '----htmse-fuzz-boundary-7MA4YWxkTrZu0gW';
  const chunks: Buffer[] = [];
  for (const part of body.parts) {
    const disposition = `Content-Disposition: form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const head = [`--${boundary}`, disposition, ...(part.contentType ? [`Content-Type: ${part.contentType}`] : []), ...(part.extraHeaders ?? []), '', ''].join(
      '\r\n',
    );
    chunks.push(Buffer.from(head, 'latin1'), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8'), Buffer.from('\r\n'));
  }
  if (!body.truncate) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { bytes: Buffer.concat(chunks), contentType: body.contentType ?? `multipart/form-data; boundary=${boundary}` };
}

export function toWire(req: FuzzRequest): WireRequest {
  const path = req.pathTemplate.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = req.path[name];
    if (value === undefined) throw new Error(`${req.pathTemplate}: no value for {${name}}`);
    return piece(value);
  });
  const query = req.query.map(([k, v]) => (v === null ? piece(k) : `${piece(k)}=${piece(v)}`)).join('&');
  const headers: Record<string, string> = { ...req.headers };
  let body: Buffer | undefined;
  if (req.body?.kind === 'json') {
    body = Buffer.from(toJson(req.body.value), 'utf8');
    headers['content-type'] ??= req.body.contentType ?? 'application/json';
  } else if (req.body?.kind === 'bytes') {
    body = req.body.bytes;
    if (req.body.contentType !== undefined) headers['content-type'] ??= req.body.contentType;
  } else if (req.body?.kind === 'multipart') {
    const m = multipart(req.body);
    body = m.bytes;
    headers['content-type'] ??= m.contentType;
  }
  if (body) headers['content-length'] = String(body.length);
  return { method: req.method, target: query ? `${path}?${query}` : path, headers, body };
}

/**
 * Fastify answers a body whose Content-Length is over the limit with 413 and `Connection: close`,
 * without reading it; while we are still sending, the close resets the connection and the kernel
 * may drop the 413 before we read it. That is the server refusing the body, not failing to answer.
 */
export const OVERSIZED_BODY_BYTES = 1024 * 1024;
export interface ClosedOnOversizedBody {
  closedOnOversizedBody: true;
  ms: number;
}

export interface Client {
  send(req: WireRequest, timeoutMs: number): Promise<WireResponse | ClosedOnOversizedBody | { error: string; ms: number }>;
  close(): void;
}

/** One keep-alive connection at a time: requests go one after another, so a slow one is its own. */
export function client(baseUrl: string): Client {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send: (req, timeoutMs) =>
      new Promise((resolve) => {
        const started = performance.now();
        const done = (value: WireResponse | ClosedOnOversizedBody | { error: string; ms: number }) => resolve(value);
        let settled = false;
        let answered = false;
        const r = request({ host: hostname, port: Number(port), method: req.method, path: req.target, headers: req.headers, agent }, (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= 50_000_000) chunks.push(c);
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started });
          });
          res.on('error', (err) => {
            if (settled) return;
            settled = true;
            done({ error: `response: ${err.message}`, ms: performance.now() - started });
          });
          res.on('close', () => {
            if (settled || res.complete) return;
            settled = true;
            done({ error: 'response: the connection closed before the answer was complete', ms: performance.now() - started });
          });
        });
        r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        r.on('error', (err) => {
          if (settled) return;
          // A server may answer an oversized body (413) before reading it all and close the
          // connection: our write then fails (EPIPE, ECONNRESET) while its answer is on the way
          // or already being read. That answer is what counts; only without one is it no answer.
          const early = 'code' in err && (err.code === 'EPIPE' || err.code === 'ECONNRESET');
          if (answered && early) return;
          setTimeout(
            () => {
              if (settled) return;
              settled = true;
              const ms = performance.now() - started;
              done(early && (req.body?.length ?? 0) > OVERSIZED_BODY_BYTES ? { closedOnOversizedBody: true, ms } : { error: err.message, ms });
            },
            early ? 250 : 0,
          );
        });
        r.end(req.body);
      }),
    close: () => agent.destroy(),
  };
}
