/**
 * The note in place of a scan screen's camera while the QR decoder cannot read codes (scanner.ts): the
 * failure said at once (its box has role="alert", so screen readers announce it) with what works
 * instead, and "load again". The door and greet mode's scan tab each have one.
 */
import { type DecoderFailure, onDecoderFailure, resetDecoder, type Scanner } from './scanner';
import { type Fallback, failureNote } from './ui';

export interface DecoderNoteOptions {
  box: HTMLElement;
  scanner: Scanner;
  video: HTMLVideoElement;
  text(why: DecoderFailure): string;
  retryLabel(): string;
  /** what the host can do instead, in the current language ("load again" is added) */
  fallbacks(): Fallback[];
  /** the decoder is tried again: the camera starts if its screen is shown */
  restart(): void;
}

export function decoderNote(o: DecoderNoteOptions) {
  let failure: DecoderFailure | null = null;
  const show = (why: DecoderFailure | null) => {
    failure = why;
    (o.video.parentElement as HTMLElement).hidden = why !== null;
    failureNote(o.box, why && o.text(why), [...o.fallbacks(), { label: o.retryLabel(), run: resetDecoder }]);
  };
  onDecoderFailure((why) => {
    o.scanner.stop();
    show(why);
    if (!why) o.restart();
  });
  return {
    /** the camera cannot read codes now: it is not started */
    failed: () => failure !== null,
    /** the language changed: a failure shown is said again in the new one */
    relabel: () => {
      if (failure) show(failure);
    },
  };
}
