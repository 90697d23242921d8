import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Mail } from '../../src/mail/mailer';
import { createResendMailer } from '../../src/mail/resend-mailer';

const API_KEY = 're_klick_api_key_never_echoed';
const FROM = 'klick <tickets@klick.test>';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let requests: Recorded[] = [];
let reply: { status: number; body: string } = { status: 200, body: '{}' };
let server: Server;
let apiUrl: string;

function listen(s: Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(reply.body);
    });
  });
  apiUrl = `http://127.0.0.1:${await listen(server)}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

beforeEach(() => {
  requests = [];
});

const mail: Mail = {
  id: 'mail_01',
  to: 'ada@example.com',
  subject: 'Dein Ticket',
  text: 'Hallo Ada, secret-body-text',
  html: '<p>Hallo Ada, secret-body-html</p>',
  attachments: [{ filename: 'ticket.pdf', contentType: 'application/pdf', content: 'JVBERi0xLjQK' }],
};

async function failure(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  const error = err as Error;
  for (const secret of [API_KEY, 'secret-body-text', 'secret-body-html', 'JVBERi0xLjQK', 'ada@example.com']) {
    expect(error.message).not.toContain(secret);
  }
  return error;
}

describe('resend mailer', () => {
  it('posts the exact JSON body and headers and returns the provider id', async () => {
    reply = { status: 200, body: JSON.stringify({ id: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c' }) };
    // trailing slash on purpose: the endpoint must still be /emails
    const mailer = createResendMailer({ apiKey: API_KEY, apiUrl: `${apiUrl}/`, from: FROM });

    expect(mailer.kind).toBe('resend');
    expect(await mailer.send(mail)).toEqual({ providerId: '4ef9a417-02e9-4d39-ad75-9611e0fcc33c' });
    expect(requests).toHaveLength(1);
    const [req] = requests as [Recorded];
    expect(`${req.method} ${req.url}`).toBe('POST /emails');
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['idempotency-key']).toBe('mail_01');
    expect(JSON.parse(req.body)).toEqual({
      from: FROM,
      to: ['ada@example.com'],
      subject: 'Dein Ticket',
      text: 'Hallo Ada, secret-body-text',
      html: '<p>Hallo Ada, secret-body-html</p>',
      attachments: [{ filename: 'ticket.pdf', content: 'JVBERi0xLjQK', content_type: 'application/pdf' }],
    });
  });

  it('uses the injected fetch when given', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ id: 'injected' }), { status: 200 });
    };
    const mailer = createResendMailer({
      apiKey: API_KEY,
      apiUrl: 'https://resend.invalid',
      from: FROM,
      fetch: fakeFetch,
    });
    expect(await mailer.send(mail)).toEqual({ providerId: 'injected' });
    expect(calls).toEqual(['https://resend.invalid/emails']);
  });

  it('throws on 422 with status and provider message, without key or body', async () => {
    reply = {
      status: 422,
      body: JSON.stringify({
        statusCode: 422,
        name: 'validation_error',
        message: `Invalid \`to\` field (key ${API_KEY})`,
      }),
    };
    const err = await failure(createResendMailer({ apiKey: API_KEY, apiUrl, from: FROM }).send(mail));
    expect(err.message).toContain('422');
    expect(err.message).toContain('validation_error: Invalid `to` field');
  });

  it('throws on 500, also when the body is not JSON', async () => {
    reply = { status: 500, body: JSON.stringify({ statusCode: 500, name: 'internal_server_error', message: 'Oops' }) };
    const mailer = createResendMailer({ apiKey: API_KEY, apiUrl, from: FROM });
    expect((await failure(mailer.send(mail))).message).toMatch(/HTTP 500: internal_server_error: Oops/);

    reply = { status: 500, body: '<html>bad gateway</html>' };
    expect((await failure(mailer.send(mail))).message).toMatch(/HTTP 500: Internal Server Error/);
  });

  it('throws when a 2xx carries no id', async () => {
    reply = { status: 200, body: '{}' };
    await failure(createResendMailer({ apiKey: API_KEY, apiUrl, from: FROM }).send(mail));
  });

  it('throws when the connection is refused', async () => {
    const closed = createServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const mailer = createResendMailer({ apiKey: API_KEY, apiUrl: `http://127.0.0.1:${port}`, from: FROM });
    const err = await failure(mailer.send(mail));
    // Node's undici: "fetch failed", caused by the socket's error
    expect(err.message).toMatch(
      /failed: TypeError: fetch failed; cause: ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+$/,
    );
  });

  it('keeps the cause of a failed request as the runtime gives it, without the key or any address', async () => {
    const failing = (error: unknown) =>
      createResendMailer({
        apiKey: API_KEY,
        apiUrl,
        from: FROM,
        fetch: () => Promise.reject(error),
      }).send(mail);
    // workerd: a TypeError with only a message (the cause that used to be reduced to "Error")
    expect((await failure(failing(new TypeError('Network connection lost.')))).message).toBe(
      'Resend request for mail mail_01 failed: TypeError: Network connection lost.',
    );
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect((await failure(failing(timeout))).message).toContain(
      'TimeoutError: The operation was aborted due to timeout',
    );
    const leaky = new Error(`proxy refused ada@example.com with ${API_KEY}`, { cause: 'tls' });
    const text = (await failure(failing(leaky))).message;
    expect(text).toBe('Resend request for mail mail_01 failed: proxy refused <email> with [redacted]; cause: tls');
  });

  it('masks addresses in what the provider says', async () => {
    reply = {
      status: 403,
      body: JSON.stringify({
        name: 'validation_error',
        message: 'You can only send testing emails to ada@example.com.',
      }),
    };
    const err = await failure(createResendMailer({ apiKey: API_KEY, apiUrl, from: FROM }).send(mail));
    expect(err.message).toBe(
      'Resend rejected mail mail_01: HTTP 403: validation_error: You can only send testing emails to <email>',
    );
  });
});
