/**
 * Sound, vibration and verdict screens as the host would perceive them, recorded in the page: an init
 * script wraps AudioContext (each tone started) and navigator.vibrate (each pattern), noting which
 * verdict was on screen at that moment, and watches every headline the verdict screen showed.
 */
import type { BrowserContext, Page } from '@playwright/test';

export interface Shown {
  nonce: string;
  colour: string;
  headline: string;
  name: string;
  company: string;
  detail: string;
}
export interface SignalSpy {
  /** AudioContext made or resumed, and the event being handled at that moment */
  audio: { what: 'new' | 'resume'; event: string | null }[];
  tones: (Shown & { freq: number; wave: string })[];
  vibrations: (Shown & { pattern: number[] })[];
  /** every headline text the verdict screen got, in order */
  headlines: string[];
}

/** Runs in the page before the app (addInitScript): must be self-contained. */
function install() {
  const spy: SignalSpy = { audio: [], tones: [], vibrations: [], headlines: [] };
  (window as unknown as { __spy: SignalSpy }).__spy = spy;
  const text = (id: string) => document.getElementById(id)?.textContent ?? '';
  const shown = (): Shown => {
    const v = document.getElementById('verdict');
    return {
      nonce: v?.dataset.nonce ?? '',
      colour: (v?.className ?? '').replace('verdict', '').trim(),
      headline: text('verdict-headline'),
      name: text('verdict-name'),
      company: text('verdict-company'),
      detail: text('verdict-detail'),
    };
  };
  const now = () => (window as unknown as { event?: Event }).event?.type ?? null;
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(options?: AudioContextOptions) {
      super(options);
      spy.audio.push({ what: 'new', event: now() });
    }
    override resume() {
      spy.audio.push({ what: 'resume', event: now() });
      return super.resume();
    }
    override createOscillator() {
      const osc = super.createOscillator();
      const start = osc.start.bind(osc);
      osc.start = (when?: number) => {
        spy.tones.push({ ...shown(), freq: osc.frequency.value, wave: osc.type });
        start(when);
      };
      return osc;
    }
  };
  Object.defineProperty(Navigator.prototype, 'vibrate', {
    configurable: true,
    value: (pattern: number | number[]) => {
      spy.vibrations.push({ ...shown(), pattern: ([] as number[]).concat(pattern) });
      return true;
    },
  });
  document.addEventListener('DOMContentLoaded', () => {
    const headline = document.getElementById('verdict-headline');
    if (!headline) return;
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) spy.headlines.push(n.textContent ?? '');
    }).observe(headline, { childList: true });
  });
}

export const installSignalSpy = (ctx: BrowserContext) => ctx.addInitScript(install);

export const readSpy = (page: Page) => page.evaluate(() => (window as unknown as { __spy: SignalSpy }).__spy);

/** The sound and vibration of each verdict colour (web/host/feedback.ts). */
export const PATTERNS = {
  green: { tones: [[1320, 'sine']], vibration: [60] },
  amber: {
    tones: [
      [660, 'sine'],
      [660, 'sine'],
    ],
    vibration: [60, 80, 60],
  },
  red: { tones: [[196, 'square']], vibration: [350] },
} as const;

/** For one scan (by nonce): the colours its signals announced, and each signal's tones and vibration. */
export function signalsOf(spy: SignalSpy, nonce: string) {
  const vib = spy.vibrations.filter((v) => v.nonce === nonce);
  const tones = spy.tones.filter((t) => t.nonce === nonce);
  return {
    colours: vib.map((v) => v.colour),
    vibrations: vib.map((v) => v.pattern),
    tones: tones.map((t) => [t.freq, t.wave]),
    screens: vib,
  };
}
