/**
 * Hardware barcode scanners (USB or Bluetooth "keyboard wedge") type the code as keystrokes and end
 * with Enter. A scanner types a key every few milliseconds, a person every 100 ms or more, so a run of
 * at least MIN_LENGTH characters, each within MAX_GAP_MS of the one before, ended by Enter, is a scan.
 * The gap allows 50 ms rather than the 2–10 ms of a USB scanner: Bluetooth scanners and a busy phone
 * deliver keys later; no person types 20 keys in a row that fast.
 */

/** A ticket code has at least 20 characters (src/shared/ticket-code.ts). */
export const MIN_LENGTH = 20;
export const MAX_GAP_MS = 50;
const MAX_LENGTH = 100;

/** The timing rule alone, without the DOM: unit-tested in test/host/wedge.test.ts. */
export class BurstDetector {
  private text = '';
  private last = -Infinity;
  /** whether the last key began a new burst: the caller notes what the keys may change from here */
  began = false;

  /**
   * One key at time `at` (ms). A printable character extends or starts a burst; Enter ends one and
   * returns its text when it was a scanner's, else null.
   */
  key(key: string, at: number): string | null {
    const quick = at - this.last <= MAX_GAP_MS;
    this.last = at;
    this.began = false;
    if (key === 'Enter') {
      const text = quick && this.text.length >= MIN_LENGTH ? this.text : null;
      this.text = '';
      return text;
    }
    if (key.length !== 1) {
      // Shift and the like come between a scanner's characters; anything else ends a burst.
      if (!/^(Shift|CapsLock)$/.test(key)) this.text = '';
      return null;
    }
    if (!quick || this.text.length >= MAX_LENGTH) {
      this.text = '';
      this.began = true;
    }
    this.text += key;
    return null;
  }
}

export interface WedgeOptions {
  /** a scan: the text typed and the time its Enter arrived (performance.now()'s clock) */
  onScan(text: string, t0: number): void;
  /** whether scans are taken now (the door or greet mode is showing) */
  active(): boolean;
}

/**
 * Listens to the whole document: a scan needs no focused field. A burst typed into a text field (the
 * search box) still counts as a scan, and the field gets back the value it had before the burst.
 */
export function listenForScanner(opts: WedgeOptions) {
  const burst = new BurstDetector();
  let field: { el: HTMLInputElement | HTMLTextAreaElement; value: string } | null = null;
  const onKey = (ev: KeyboardEvent) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing || !opts.active()) return;
    const target = ev.target as HTMLElement;
    const editable = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
    const text = burst.key(ev.key, ev.timeStamp);
    // The field's value before a burst's first key reached it.
    if (burst.began) field = editable ? { el: editable, value: editable.value } : null;
    if (text === null) return;
    // Enter after a scanner's keys: no form submits, no focused button is pressed.
    ev.preventDefault();
    ev.stopPropagation();
    if (field && field.el.value !== field.value) {
      field.el.value = field.value;
      field.el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    field = null;
    // From the Enter's arrival: the bench's scanner burst → verdict (bench/scanner.ts).
    opts.onScan(text, ev.timeStamp);
  };
  document.addEventListener('keydown', onKey, true);
  return () => document.removeEventListener('keydown', onKey, true);
}
