import { type SQL, sql } from 'drizzle-orm';

/** The SQL pieces of an erasure, shared by privacy/erase.ts and a person's own leaving of the waitlist. */

/** The personal columns of an order or a ticket. */
export const blank = (now: number) =>
  sql`name = '', email = '', company = '', role = '', phone = '', linkedin = '', ask_me_about = '',
    anonymized_at = ${now}, updated_at = ${now}`;

/** The personal columns of a waitlist entry. */
export const blankEntry = (now: number) =>
  sql`name = '', email = '', company = '', ask_me_about = '', anonymized_at = ${now}, updated_at = ${now}`;

/**
 * The outbox mails about these ids (dedupe key "<kind>:<id>", the outbox's convention), or matching `extra`:
 * address, subject, text, HTML and attachments go; a sent mail stays "sent", a pending one becomes "failed".
 */
export const eraseMails = (ids: SQL, extra: SQL = sql`0`) =>
  sql`UPDATE outbox SET "to" = '', subject = '', text = '', html = '', attachments = '[]',
      last_error = CASE WHEN status = 'pending' THEN 'personal data deleted' ELSE NULL END,
      status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
    WHERE "to" != '' AND (substr(dedupe_key, instr(dedupe_key, ':') + 1) IN ${ids} OR ${extra})`;
