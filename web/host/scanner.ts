/**
 * Rear camera → QR texts, continuously. Each new video frame is drawn to a canvas and its pixels
 * are handed to the detector: decoding ImageData is about twice as fast as passing the <video>
 * (measured with the ponyfill). The standard BarcodeDetector is used where the browser has one;
 * elsewhere the barcode-detector ponyfill, loaded on demand with its wasm from klick itself.
 *
 * A decoder that cannot load (the wasm missing, a failed download) or that crashes (out of memory: every
 * frame fails) is told to the app at once (onDecoderFailure): the camera would show video that never scans.
 */

interface Detected {
  rawValue: string;
}
interface Detector {
  detect(image: ImageData): Promise<Detected[]>;
}
interface DetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats?: () => Promise<string[]>;
}

/** Frames wider than this are scaled down: a ticket QR needs far fewer pixels, and decoding time grows with them. */
const MAX_WIDTH = 960;

/** Frames in a row whose decoding failed before the decoder counts as broken (a single bad frame is not). */
const FAILED_FRAMES = 5;

/** Why the decoder cannot read codes: it did not load, or it broke while running. */
export type DecoderFailure = 'load' | 'crash';

async function makeDetector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (native && (await native.getSupportedFormats?.())?.includes('qr_code'))
    return new native({ formats: ['qr_code'] });
  const { BarcodeDetector, prepareZXingModule, purgeZXingModule } = await import('barcode-detector/ponyfill');
  purge = purgeZXingModule;
  // Never the CDN the package would use by default: the wasm is served (and cached offline) under /host/.
  // Awaited, so a decoder that cannot load is known now, not as a silent failure of every frame.
  await prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? `/host/${path}` : prefix + path),
    },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: ['qr_code'] }) as unknown as Detector;
}

/** One decoder for the app: the door's and greet mode's scanners share it (the wasm is compiled once). */
let detector: Promise<Detector> | null = null;
let purge: (() => void) | undefined;
let failed: DecoderFailure | null = null;
const failureListeners = new Set<(why: DecoderFailure | null) => void>();

function decoder(): Promise<Detector> {
  detector ??= makeDetector().catch((err) => {
    broken('load');
    throw err;
  });
  return detector;
}

function broken(why: DecoderFailure) {
  if (failed) return;
  failed = why;
  for (const fn of failureListeners) fn(why);
}

/** Calls `fn` when the decoder fails (at once if it has failed already), and with null when it is tried again. */
export function onDecoderFailure(fn: (why: DecoderFailure | null) => void) {
  failureListeners.add(fn);
  if (failed) fn(failed);
}

/** Forgets a failed decoder and loads it afresh (the wasm may have arrived since); the scanners start again. */
export function resetDecoder() {
  failed = null;
  detector = null;
  purge?.();
  decoder().catch(() => {});
  for (const fn of failureListeners) fn(null);
}

/** The camera cannot read codes: the decoder did not load or broke. */
export class DecoderError extends Error {}

export type OnCode = (text: string, frameStart: number) => void;

export class Scanner {
  private stream: MediaStream | null = null;
  private canvas = document.createElement('canvas');
  private ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
  private active = false;
  /** each start() begins a new frame loop; an older loop still waiting for a frame then ends */
  private generation = 0;

  constructor(
    private video: HTMLVideoElement,
    private onCode: OnCode,
  ) {}

  /** frames in a row whose decoding failed */
  private failures = 0;

  /** Loads the decoder early (it is large) so the first scan does not wait for it. */
  preload() {
    return decoder();
  }

  /** Opens the camera and reads codes; rejects with a DecoderError when the decoder cannot run. */
  async start() {
    if (this.active) return;
    if (failed) throw new DecoderError(failed);
    this.active = true;
    this.failures = 0;
    const ready = decoder().then(
      () => true,
      () => false,
    );
    this.stream ??= await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    if (!(await ready)) {
      this.stop();
      throw new DecoderError('load');
    }
    if (!this.active) return;
    this.video.srcObject = this.stream;
    await this.video.play();
    this.next(++this.generation);
  }

  /** Stops decoding and releases the camera (its light goes off); start() opens it again. */
  stop() {
    this.active = false;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = null;
    this.video.srcObject = null;
  }

  private next(generation: number) {
    if (!this.active || generation !== this.generation) return;
    if ('requestVideoFrameCallback' in this.video) this.video.requestVideoFrameCallback(() => this.frame(generation));
    else requestAnimationFrame(() => this.frame(generation));
  }

  /** One frame; the next is requested only after this decode, so frames are skipped rather than queued. */
  private async frame(generation: number) {
    if (!this.active || generation !== this.generation) return;
    const v = this.video;
    if (v.videoWidth > 0) {
      const start = performance.now();
      try {
        const scale = Math.min(1, MAX_WIDTH / v.videoWidth);
        const w = Math.round(v.videoWidth * scale);
        const h = Math.round(v.videoHeight * scale);
        if (this.canvas.width !== w || this.canvas.height !== h) {
          this.canvas.width = w;
          this.canvas.height = h;
        }
        this.ctx.drawImage(v, 0, 0, w, h);
        const found = await (await decoder()).detect(this.ctx.getImageData(0, 0, w, h));
        this.failures = 0;
        for (const code of found) if (this.active) this.onCode(code.rawValue, start);
      } catch {
        // One frame that cannot be decoded is simply the next frame's turn; many in a row are a broken decoder.
        if (++this.failures >= FAILED_FRAMES) {
          this.stop();
          return broken('crash');
        }
      }
    }
    this.next(generation);
  }
}
