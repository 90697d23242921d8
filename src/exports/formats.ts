import type { Event } from '../events/service';
import { utcToZonedLocal } from '../lib/time';
import { toCsv } from './csv';
import type { ExportFilter, ExportFormat, ExportRow } from './rows';
import { vcards } from './vcard';

export interface RenderedExport {
  body: string;
  contentType: string;
  filename: string;
  /** what the export log records: guests in the file (cards, for vCard) */
  rows: number;
}

/** "2026-12-03 19:02" in the dinner's time zone: what a spreadsheet shows and sorts as a date. */
const local = (ms: number | null, tz: string) => (ms === null ? '' : utcToZonedLocal(ms, tz).replace('T', ' '));
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Column names stay English and fixed whatever the organizer's language: other tools read them. */
function csvExport(event: Event, rows: ExportRow[]): string {
  const tz = event.timezone;
  const header = [
    'Name',
    'Company',
    'Role',
    'Email',
    'Phone',
    'LinkedIn',
    'Ask me about',
    `Checked in (${tz})`,
    `Greeted (${tz})`,
    'Greeted by',
    'Shares contact details',
  ];
  const body = rows.map((r) => [
    r.name,
    r.company,
    r.role,
    r.email,
    r.phone,
    r.linkedin,
    r.askMeAbout,
    local(r.checkedInAt, tz),
    local(r.greetedAt, tz),
    r.greetedBy ?? '',
    r.contactShared ? 'yes' : 'no',
  ]);
  return toCsv(header, body, header.indexOf('Phone'));
}

/**
 * A vCard is a contact for the address book, so only guests who shared their details with the
 * host get one; the others' attendance is in the CSV and JSON.
 */
function vcfCards(event: Event, rows: ExportRow[]) {
  return rows
    .filter((r) => r.contactShared)
    .map((r) => ({
      id: r.ticketId,
      name: r.name,
      givenName: r.givenName,
      familyName: r.familyName,
      company: r.company,
      role: r.role,
      email: r.email,
      phone: r.phone,
      linkedin: r.linkedin,
      note: r.askMeAbout,
      category: event.title,
    }));
}

function jsonExport(event: Event, filter: ExportFilter, rows: ExportRow[], now: number): string {
  const guests = rows.map((r) => ({
    name: r.name,
    contactShared: r.contactShared,
    ...(r.contactShared
      ? {
          company: r.company,
          role: r.role,
          email: r.email,
          phone: r.phone,
          linkedin: r.linkedin,
          askMeAbout: r.askMeAbout,
        }
      : {}),
    checkedInAt: iso(r.checkedInAt),
    greetedAt: iso(r.greetedAt),
    greetedBy: r.greetedBy,
  }));
  const meta = {
    id: event.id,
    slug: event.slug,
    title: event.title,
    startsAt: iso(event.startsAt),
    endsAt: iso(event.endsAt),
    timezone: event.timezone,
  };
  return `${JSON.stringify({ event: meta, filter, exportedAt: iso(now), count: guests.length, guests }, null, 2)}\n`;
}

export function renderExport(
  event: Event,
  filter: ExportFilter,
  format: ExportFormat,
  rows: ExportRow[],
  now: number,
): RenderedExport {
  const filename = `${event.slug}-${filter.replace('_', '-')}.${format}`;
  if (format === 'csv')
    return {
      body: csvExport(event, rows),
      contentType: 'text/csv; charset=utf-8; header=present',
      filename,
      rows: rows.length,
    };
  if (format === 'vcf') {
    const cards = vcfCards(event, rows);
    return { body: vcards(cards), contentType: 'text/vcard; charset=utf-8', filename, rows: cards.length };
  }
  return {
    body: jsonExport(event, filter, rows, now),
    contentType: 'application/json; charset=utf-8',
    filename,
    rows: rows.length,
  };
}
