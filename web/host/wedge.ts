/**
 * Hardware barcode scanners (USB or Bluetooth "keyboard wedge") type the code as keystrokes and end
 * with Enter. A scanner types a key every few milliseconds, a person one every 100 ms or more. So a run
 * of at least MIN_LENGTH characters ended by Enter is a scan when at least two thirds of its gaps between
 * keys are at most MAX_GAP_MS. Not every gap: a Bluetooth link or a busy phone holds a key back now and
 * then (gaps of 100–300 ms were seen inside a burst on a loaded machine), and one late key must not turn
 * a scan into typing. A pause of PAUSE_MS starts a new run. No person types 20 keys with two thirds of
 * the gaps at 35 ms or less (fast typists' pairs of keys come near it, the keys between them do not).
 */

/** A ticket code has at least 20 characters (src/shared/ticket-code.ts). */
export const MIN_LENGTH = 20;
export const MAX_GAP_MS = 35;
export const PAUSE_MS = 400;
const MAX_LENGTH = 100;

/** Whether a scanner typed keys with these gaps. */
const scannerPace = (gaps: number[]) => gaps.filter((g) => g <= MAX_GAP_MS).length * 3 >= gaps.length * 2;

/** The timing rule alone, without the DOM: unit-tested in test/host/wedge.test.ts. */
export class BurstDetector {
  private text = '';
  private gaps: number[] = [];
  private last = -Infinity;
  /** whether the last key began a new run: the caller notes what the keys may change from here */
  began = false;

  /**
   * One key at time `at` (ms); `repeat` for a key held down. A printable character extends or starts
   * a run; Enter ends one and returns its text when a scanner typed it, else null.
   */
  key(key: string, at: number, repeat = false): string | null {
    const gap = at - this.last;
    this.last = at;
    this.began = false;
    if (key === 'Enter') {
      const scan = this.text.length >= MIN_LENGTH && gap <= PAUSE_MS && scannerPace([...this.gaps, gap]);
      const text = scan ? this.text : null;
      this.reset();
      return text;
    }
    // Shift and Caps Lock come between a scanner's characters; any other key, or one held down, ends a run.
    if (key.length !== 1 || repeat) {
      if (repeat || !/^(Shift|CapsLock)$/.test(key)) this.reset();
      return null;
    }
    if (this.text === '' || gap > PAUSE_MS || this.text.length >= MAX_LENGTH) {
      this.reset();
      this.began = true;
    } else this.gaps.push(gap);
    this.text += key;
    return null;
  }

  private reset() {
    this.text = '';
    this.gaps = [];
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
    const text = burst.key(ev.key, ev.timeStamp, ev.repeat);
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
