/**
 * Rear camera → QR texts, continuously. Each new video frame is drawn to a canvas and its pixels
 * are handed to the detector: decoding ImageData is about twice as fast as passing the <video>
 * (measured with the ponyfill). The standard BarcodeDetector is used where the browser has one;
 * elsewhere the barcode-detector ponyfill, loaded on demand with its wasm from klick itself.
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

async function makeDetector(): Promise<Detector> {
  const native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (native && (await native.getSupportedFormats?.())?.includes('qr_code'))
    return new native({ formats: ['qr_code'] });
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
  // Never the CDN the package would use by default: the wasm is served (and cached offline) under /host/.
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? `/host/${path}` : prefix + path),
    },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: ['qr_code'] }) as unknown as Detector;
}

/** One decoder for the app: the door's and greet mode's scanners share it (the wasm is compiled once). */
let detector: Promise<Detector> | null = null;

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

  /** Loads the decoder early (it is large) so the first scan does not wait for it. */
  preload() {
    detector ??= makeDetector();
    return detector;
  }

  async start() {
    if (this.active) return;
    this.active = true;
    this.preload();
    this.stream ??= await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
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
        const found = await (await this.preload()).detect(this.ctx.getImageData(0, 0, w, h));
        for (const code of found) if (this.active) this.onCode(code.rawValue, start);
      } catch {
        // A frame that cannot be decoded is simply the next frame's turn.
      }
    }
    this.next(generation);
  }
}
