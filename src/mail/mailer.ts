export interface MailAttachment {
  filename: string;
  contentType: string;
  /** base64 */
  content: string;
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
  /** resolves with the provider's message id; throws when the mail did not go out */
  send(mail: Mail): Promise<{ providerId: string }>;
}

/** Development: mails stay in the outbox, where the organizer page shows them. */
export const devMailer: Mailer = {
  kind: 'dev',
  send: async (mail) => ({ providerId: `dev-${mail.id}` }),
};
