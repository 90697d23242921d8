import * as z from '../lib/validation';

/** A paired phone's name ("Door 1"), as the organizer's page and the JSON API take it: one line of text. */
export const deviceName = z.text({ min: 1, max: 60 });
