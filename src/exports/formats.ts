import type { Event } from '../events/service';
import { utcToZonedLocal } from '../lib/time';
import type { ContactField } from '../privacy/consent';
import { toCsv } from './csv';
import { type ExportFilter, type ExportFormat, type ExportRow, HOST_FIELDS } from './rows';
import { vcards } from './vcard';
import { toXlsx, XLSX_TYPE } from './xlsx';

export interface RenderedExport {
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  filename: string;
  /** what the export log records: guests in the file (cards, for vCard) */
  rows: number;
}

/** "2026-12-03 19:02" in the dinner's time zone: what a spreadsheet shows and sorts as a date. */
const local = (ms: number | null, tz: string) => (ms === null ? '' : utcToZonedLocal(ms, tz).replace('T', ' '));
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Column names stay English and fixed whatever the organizer's language: other tools read them. */
const LABEL: Record<ContactField, string> = {
  name: 'Name',
  company: 'Company',
  role: 'Role',
  email: 'Email',
  phone: 'Phone',
  linkedin: 'LinkedIn',
  askMeAbout: 'Ask me about',
};

/** The table every spreadsheet format writes: the name, the host scope's fields, attendance. */
export function exportTable(event: Event, rows: ExportRow[]) {
  const tz = event.timezone;
  const header = [
    LABEL.name,
    ...HOST_FIELDS.map((f) => LABEL[f]),
    `Checked in (${tz})`,
    `Greeted (${tz})`,
    'Greeted by',
    'Shares contact details',
  ];
  const body = rows.map((r) => [
    r.name,
    ...HOST_FIELDS.map((f) => r[f]),
    local(r.checkedInAt, tz),
    local(r.greetedAt, tz),
    r.greetedBy ?? '',
    r.contactShared ? 'yes' : 'no',
  ]);
  return { header, body, phoneColumn: header.indexOf(LABEL.phone) };
}

function csvExport(event: Event, rows: ExportRow[]): string {
  const { header, body, phoneColumn } = exportTable(event, rows);
  return toCsv(header, body, phoneColumn);
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
    ...(r.contactShared ? Object.fromEntries(HOST_FIELDS.map((f) => [f, r[f]])) : {}),
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

export async function renderExport(
  event: Event,
  filter: ExportFilter,
  format: ExportFormat,
  rows: ExportRow[],
  now: number,
): Promise<RenderedExport> {
  const filename = `${event.slug}-${filter.replace('_', '-')}.${format}`;
  if (format === 'csv')
    return {
      body: csvExport(event, rows),
      contentType: 'text/csv; charset=utf-8; header=present',
      filename,
      rows: rows.length,
    };
  if (format === 'xlsx') {
    const { header, body } = exportTable(event, rows);
    return { body: await toXlsx(header, body, 'Guests'), contentType: XLSX_TYPE, filename, rows: rows.length };
  }
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
