export interface MailAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
  /** set for an image the HTML shows inline (`<img src="cid:…">`); Gmail drops data: URIs, so a QR goes this way */
  contentId?: string;
}

export interface Mail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

export interface Mailer {
  readonly kind: 'dev' | 'resend';
  /**
   * resolves with the provider's message id; throws when the mail did not go out, with `permanent: true`
   * on the error when the provider refused this very mail (the outbox then stops after a few tries)
   */
  send(mail: Mail): Promise<{ providerId: string }>;
}

/** Development: mails stay in the outbox, where the organizer page shows them. */
export const devMailer: Mailer = {
  kind: 'dev',
  send: async (mail) => ({ providerId: `dev-${mail.id}` }),
};
