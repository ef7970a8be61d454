import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientError } from './client-errors.js';

let server: Server;
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function raw(request: string): Promise<string> {
  server = createServer((_req, res) => res.end('ok'));
  // As Fastify installs it (its clientErrorHandler option, app.ts).
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('answerClientError', () => {
  it('answers a request line over the parser limit with 431 in the error shape', async () => {
    const answer = await raw(`GET /api/courses?${'cursor=x&'.repeat(3000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1.1 431 /);
    expect(answer).toMatch(/Content-Type: application\/json/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 431, code: 'BAD_REQUEST', requestId: expect.any(String) });
  });

  it('answers a malformed request with 400 in the error shape', async () => {
    const answer = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
  });
});
