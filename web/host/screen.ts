/**
 * The door's full-screen verdict: shown until tapped, the next verdict, or a few seconds, each with its
 * sound and vibration (feedback.ts). Two things can change a verdict after it was shown:
 * - A code the roster does not know while online may be a guest who bought after the last sync. It
 *   shows "checking …" (no signal) for up to CHECK_MS while the server is asked, then the verdict.
 * - The server's answer differs from the phone's verdict (a refund after the last sync, another phone
 *   first): the screen is corrected and signals again, so the host hears the new verdict too.
 */
import { signal } from './feedback';
import type { LogEntry, Outcome } from './log';
import { colourOf, type Ticket } from './model';
import { $, type VerdictView, type View } from './ui';

const VERDICT_MS = 3500;
export const CHECK_MS = 1500;

export class VerdictScreen {
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  /** the scan whose verdict waits for the server */
  private checking: { entry: LogEntry; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    private view: () => View,
    private ticket: (id: string) => Ticket | undefined,
  ) {}

  display = (v: VerdictView) => {
    this.view().verdict(v);
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.view().hideVerdict(), VERDICT_MS);
  };

  /** A scan's verdict with its signal; an undo gets the amber pattern. */
  announce(e: LogEntry) {
    this.display(this.view().verdictFor(e, e.ticketId ? this.ticket(e.ticketId) : undefined));
    signal(e.kind === 'entry' ? colourOf(e.result) : 'amber');
  }

  /** "Checking …" for a scan the server is asked about; its verdict follows the answer or CHECK_MS. */
  check(e: LogEntry) {
    this.display({ colour: 'checking', headline: this.view().m.checkingNow, nonce: e.nonce });
    this.checking = { entry: e, timer: setTimeout(() => this.settle(), CHECK_MS) };
  }

  /** A new scan takes the screen: one still checking is settled in the log only. */
  interrupt() {
    if (this.checking) clearTimeout(this.checking.timer);
    this.checking = undefined;
  }

  /** The server answered these scans; `changed` are the log entries whose verdict it changed. */
  answered(results: Outcome[], changed: LogEntry[]) {
    const waited = this.checking?.entry;
    const settled = waited && results.some((o) => o.nonce === waited.nonce) ? waited : undefined;
    if (settled) this.settle();
    // announced by settle() with the server's verdict: not a second time as a correction
    this.corrected(changed.filter((e) => e !== settled));
  }

  /** Verdicts changed by the server: the one on screen is shown again, with its new signal. */
  corrected(changed: LogEntry[]) {
    const e = changed.find((c) => c.nonce === this.shown());
    if (e && e !== this.checking?.entry) this.announce(e);
  }

  private shown = () => ($('verdict').hidden ? '' : $('verdict').dataset.nonce);

  private settle() {
    if (!this.checking) return;
    const { entry, timer } = this.checking;
    clearTimeout(timer);
    this.checking = undefined;
    if (this.shown() === entry.nonce) this.announce(entry);
  }
}
