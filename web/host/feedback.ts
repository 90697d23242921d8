/**
 * A short sound and a vibration per verdict colour, so the host at a loud door knows the verdict
 * without reading it: one high beep (green), two middle beeps (amber), one long low tone (red).
 */
import type { Colour } from './model';

let audio: AudioContext | null = null;

export const soundOn = () => audio?.state === 'running';

/**
 * Browsers let a page make sound only from a user activation. On a touch screen that is the end of a
 * tap (pointerup, touchend, click), not its start: pointerdown of a finger does not count, and an
 * AudioContext made or resumed there stays silent. So the first tap anywhere (the mode switch, a tab,
 * "try the camera again", the sound button) turns the sound on.
 */
export function unlockAudio() {
  if (soundOn()) return;
  if (!audio && typeof AudioContext !== 'undefined') audio = new AudioContext();
  if (!audio) return;
  if (audio.state === 'suspended') audio.resume().catch(() => {});
  // Older iOS Safari also wants a sound started inside the tap: one silent sample.
  const silence = audio.createBufferSource();
  silence.buffer = audio.createBuffer(1, 1, 22_050);
  silence.connect(audio.destination);
  silence.start(0);
}

/** Listens for the taps that may unlock the sound; `changed` runs when it goes on or off. */
export function armAudio(changed: () => void) {
  const tap = () => {
    // once on, the context reports its own changes (onstatechange): taps have nothing to do
    if (soundOn()) return;
    const before = audio;
    unlockAudio();
    if (audio && audio !== before) audio.onstatechange = changed;
    changed();
  };
  for (const type of ['pointerup', 'touchend', 'click', 'keydown'])
    document.addEventListener(type, tap, { capture: true, passive: true });
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
