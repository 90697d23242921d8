/**
 * The camera switch of a scanner-only door (README, Hardware scanners): off means no camera access at all, until
 * switched on. One setting on the phone for the door and greet mode's scan tab, drawn and worded the same on both.
 */
const KEY = 'klick-camera';

/** Whether the host lets the app use the camera (the default); read each time, as either screen may change it. */
export const cameraAllowed = () => localStorage.getItem(KEY) !== 'off';

export interface CameraSwitchWords {
  cameraOff: string;
  cameraOn: string;
  cameraIsOff: string;
}

export function cameraSwitch(o: {
  button: HTMLElement;
  /** the .camera box: video and note */
  camera: HTMLElement;
  note: HTMLElement;
  /** the note that the QR reader failed: it does not matter to a door without its camera */
  decoderFailed: HTMLElement;
  words: () => CameraSwitchWords;
  /** the host switched: start or stop the camera */
  changed(on: boolean): void;
}) {
  const show = () => {
    const on = cameraAllowed();
    const w = o.words();
    o.button.textContent = on ? w.cameraOff : w.cameraOn;
    o.button.setAttribute('aria-pressed', String(!on));
    o.camera.classList.toggle('off', !on);
    if (on) return;
    o.note.textContent = w.cameraIsOff;
    // switched on, a decoder failure is said again (decoder-note.ts relabel)
    o.decoderFailed.hidden = true;
    o.camera.hidden = false;
  };
  const set = (on: boolean) => {
    localStorage.setItem(KEY, on ? 'on' : 'off');
    if (on) o.note.textContent = '';
    show();
    o.changed(on);
  };
  o.button.onclick = () => set(!cameraAllowed());
  return { show, set };
}
