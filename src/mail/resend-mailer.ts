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
const MAX_PROVIDER_MESSAGE = 300;

function providerMessage(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const { message, name } = body as { message?: unknown; name?: unknown };
    if (typeof message === 'string') return typeof name === 'string' ? `${name}: ${message}` : message;
  }
  return fallback;
}

/**
 * What went wrong with a request that got no answer, as the runtime says it: the error and its causes, each with
 * its code and message (Node: "TypeError: fetch failed; cause: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:9";
 * workerd: "TypeError: Network connection lost."; a timeout: "TimeoutError: The operation was aborted due to timeout").
 */
function failureText(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== 'object') {
      parts.push(String(e));
      break;
    }
    const { name, code, message } = e as { name?: unknown; code?: unknown; message?: unknown };
    const label = [name, code].filter((x) => typeof x === 'string' && x && x !== 'Error').join(' ');
    const text = typeof message === 'string' ? message : '';
    parts.push(label && text ? `${label}: ${text}` : label || text || 'unknown error');
  }
  return parts.join('; cause: ') || 'unknown error';
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
  // belt and braces: whatever the provider or the runtime says, neither the key nor an address (the guest's,
  // the sender's) leaves in an error message, which the outbox keeps and the log prints
  const redact = (text: string) =>
    text
      .replaceAll(opts.apiKey, '[redacted]')
      .replace(/[^\s<>"'`,;:()]+@[^\s<>"'`,;:()]+/g, '<email>')
      .slice(0, MAX_PROVIDER_MESSAGE);

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
        throw new Error(`Resend request for mail ${mail.id} failed: ${redact(failureText(err))}`);
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
