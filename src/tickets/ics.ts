import { escapeText, foldLine } from '../lib/fold';

export interface IcsInput {
  uid: string;
  stampAt: number;
  startsAt: number;
  endsAt: number;
  title: string;
  description: string;
  location: string;
  url: string;
  organizerName?: string;
  /** a calendar that imported the entry updates it to cancelled: same UID, higher SEQUENCE */
  cancelled?: boolean;
}

const utc = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** One VEVENT in UTC: calendar apps show it in the reader's zone, which is the event's when they are there. */
export function buildIcs(e: IcsInput): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//klick//tickets//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${utc(e.stampAt)}`,
    `DTSTART:${utc(e.startsAt)}`,
    `DTEND:${utc(e.endsAt)}`,
    `SUMMARY:${escapeText(e.title)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    `LOCATION:${escapeText(e.location)}`,
    `URL:${e.url}`,
    `SEQUENCE:${e.cancelled ? 1 : 0}`,
    `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
