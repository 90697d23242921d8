import type { Mail, Mailer } from './mailer';

export interface ResendMailerOptions {
  apiKey: string;
  apiUrl: string;
  from: string;
  fetch?: typeof fetch;
}

/** An outbox send must not hold a request (or the outbox worker) for Resend's full server timeout. */
const TIMEOUT_MS = 15_000;
/** Provider messages end up in logs and in the outbox row; keep them short. */
const MAX_PROVIDER_MESSAGE = 200;

function providerMessage(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const { message, name } = body as { message?: unknown; name?: unknown };
    if (typeof message === 'string') return typeof name === 'string' ? `${name}: ${message}` : message;
  }
  return fallback;
}

async function readJson(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return undefined;
  }
}

export function createResendMailer(opts: ResendMailerOptions): Mailer {
  const doFetch = opts.fetch ?? fetch;
  const endpoint = `${opts.apiUrl.replace(/\/+$/, '')}/emails`;
  // belt and braces: whatever the provider or the runtime says, the key never leaves in an error message
  const redact = (text: string) => text.replaceAll(opts.apiKey, '[redacted]').slice(0, MAX_PROVIDER_MESSAGE);

  return {
    kind: 'resend',
    async send(mail: Mail) {
      const payload = {
        from: opts.from,
        to: [mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments.map((a) => ({
          filename: a.filename,
          content: a.content,
          content_type: a.contentType,
          ...(a.contentId ? { content_id: a.contentId } : {}),
        })),
      };
      let res: Response;
      try {
        res = await doFetch(endpoint, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${opts.apiKey}`,
            'Content-Type': 'application/json',
            // the outbox retries failed sends; Resend drops a repeat with the same key instead of mailing twice
            'Idempotency-Key': mail.id,
          },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
        const code = (cause as { code?: unknown } | undefined)?.code;
        const reason = typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown error';
        throw new Error(`Resend request for mail ${mail.id} failed: ${redact(reason)}`);
      }
      const body = await readJson(res);
      if (!res.ok) {
        const message = redact(providerMessage(body, res.statusText || 'no error message'));
        // 4xx but 429: Resend refuses this mail itself (address, sender, key), so trying again cannot help
        throw Object.assign(new Error(`Resend rejected mail ${mail.id}: HTTP ${res.status}: ${message}`), {
          permanent: res.status < 500 && res.status !== 429,
        });
      }
      const id = (body as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string' || !id) throw new Error(`Resend accepted mail ${mail.id} but returned no id`);
      return { providerId: id };
    },
  };
}
