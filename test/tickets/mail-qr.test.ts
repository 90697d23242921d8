import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, tickets } from '../../src/db/schema';
import { createResendMailer } from '../../src/mail/resend-mailer';
import { decodeQr } from '../e2e/qr-decode';
import { holdSeatVia, payVia } from '../flow';
import { createDinner, makeTestApp, type TestApp } from '../helpers';

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp();
});
afterEach(() => t.close());

interface Attachment {
  filename: string;
  contentType: string;
  content: string;
  contentId?: string;
}

describe('the ticket mail carries the ticket itself', () => {
  it('an inline (CID) QR image that decodes to the ticket code, and the code as text', async () => {
    await createDinner(t);
    const { order, sessionId } = await holdSeatVia(t, 0, 'dinner');
    await payVia(t, sessionId);
    const ticket = (await t.deps.db.query.tickets.findFirst({ where: eq(tickets.orderId, order.id) }))!;
    const mail = (await t.deps.db.query.outbox.findFirst({ where: eq(outbox.to, ticket.email) }))!;
    const attachments = JSON.parse(mail.attachments) as Attachment[];
    const qr = attachments.find((a) => a.contentId);
    expect(qr).toMatchObject({ contentType: 'image/png', filename: 'ticket-qr.png' });
    // the HTML shows it inline by its Content-ID (no data: URI, which Gmail strips)
    expect(mail.html).toContain(`<img src="cid:${qr!.contentId}"`);
    expect(mail.html).not.toContain('data:image');
    // a real decoder reads it back as the ticket's secret
    expect(await decodeQr(Buffer.from(qr!.content, 'base64'))).toEqual([ticket.qrSecret]);
    // the code as text, grouped for reading aloud, in both parts
    const grouped = ticket.qrSecret.match(/.{1,4}/g)!.join(' ');
    expect(mail.text).toContain(grouped);
    expect(mail.html).toContain(grouped);
    expect(attachments.map((a) => a.filename)).toContain('ticket.ics');
  });

  it('Resend receives the image with its content_id', async () => {
    let sent: { attachments: Record<string, string>[] } | undefined;
    const mailer = createResendMailer({
      apiKey: 're_test',
      apiUrl: 'http://resend.test',
      from: 'klick <t@example.com>',
      fetch: async (_url, init) => {
        sent = JSON.parse(String(init?.body));
        return Response.json({ id: 'msg_1' });
      },
    });
    await mailer.send({
      id: 'm1',
      to: 'a@example.com',
      subject: 's',
      text: 't',
      html: '<img src="cid:ticket-qr@klick">',
      attachments: [
        { filename: 'ticket-qr.png', contentType: 'image/png', content: 'iVBORw0KGgo=', contentId: 'ticket-qr@klick' },
        { filename: 'ticket.ics', contentType: 'text/calendar', content: 'QkVHSU4=' },
      ],
    });
    expect(sent!.attachments).toEqual([
      { filename: 'ticket-qr.png', content: 'iVBORw0KGgo=', content_type: 'image/png', content_id: 'ticket-qr@klick' },
      { filename: 'ticket.ics', content: 'QkVHSU4=', content_type: 'text/calendar' },
    ]);
  });
});
