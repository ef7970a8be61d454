import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { ErrorCode } from '../errors/error-code.js';

/**
 * What Node's HTTP parser refuses before any handler runs (a request line plus headers over its
 * 16 KB limit, e.g. a query string with a parameter repeated hundreds of times; a malformed
 * request; a request that took too long to arrive) is answered in the API's error shape, not
 * with Node's bare status line. Nothing of the request is echoed back.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request line and headers are too large (16 KB at most): shorten the query string']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive']
        : [400, 'Bad Request', 'Malformed HTTP request'];
  const body = JSON.stringify({ statusCode: status, code: ErrorCode.BadRequest, message, requestId: randomUUID() });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
