/**
 * A short sound and a vibration per verdict colour, so the host at a loud door knows the verdict
 * without reading it: one high beep (green), two middle beeps (amber), one long low tone (red).
 */
import type { Colour } from './model';

let audio: AudioContext | null = null;

/** Browsers let a page make sound only after a tap: the first tap anywhere creates the context. */
export function unlockAudio() {
  if (!audio && typeof AudioContext !== 'undefined') audio = new AudioContext();
  if (audio?.state === 'suspended') audio.resume().catch(() => {});
}

const tones: Record<Colour, [freq: number, startS: number, lengthS: number][]> = {
  green: [[1320, 0, 0.12]],
  amber: [
    [660, 0, 0.1],
    [660, 0.16, 0.1],
  ],
  red: [[196, 0, 0.45]],
};
const vibrations: Record<Colour, number[]> = { green: [60], amber: [60, 80, 60], red: [350] };

export function signal(colour: Colour) {
  navigator.vibrate?.(vibrations[colour]);
  if (audio?.state !== 'running') return;
  const now = audio.currentTime;
  for (const [freq, start, length] of tones[colour]) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = colour === 'red' ? 'square' : 'sine';
    osc.frequency.value = freq;
    // A fast attack and release: no click at either end.
    gain.gain.setValueAtTime(0, now + start);
    gain.gain.linearRampToValueAtTime(0.25, now + start + 0.01);
    gain.gain.linearRampToValueAtTime(0, now + start + length);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + start);
    osc.stop(now + start + length + 0.02);
  }
}
