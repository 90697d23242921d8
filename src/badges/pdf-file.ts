/**
 * A PDF file's syntax, no more: numbered objects, deflated streams, the cross-reference table and trailer.
 * Streams are deflated with CompressionStream, on Workers and Node alike.
 */
export async function deflate(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class PdfFile {
  private bodies: (Uint8Array | string)[][] = [];

  /** a new object's number, for references written before the object itself */
  reserve(): number {
    this.bodies.push([]);
    return this.bodies.length;
  }

  set(id: number, body: string) {
    this.bodies[id - 1] = [`${id} 0 obj\n${body}\nendobj\n`];
  }

  add(body: string): number {
    const id = this.reserve();
    this.set(id, body);
    return id;
  }

  /** a deflated stream; `dict` holds any entries beyond /Length and /Filter */
  async stream(data: string | Uint8Array, dict = '', id = this.reserve()): Promise<number> {
    const packed = await deflate(data);
    this.bodies[id - 1] = [
      `${id} 0 obj\n<< /Length ${packed.length} /Filter /FlateDecode ${dict}>>\nstream\n`,
      packed,
      '\nendstream\nendobj\n',
    ];
    return id;
  }

  bytes(root: number, info: number): Uint8Array<ArrayBuffer> {
    const enc = new TextEncoder();
    const chunks: Uint8Array[] = [];
    let offset = 0;
    const push = (part: string | Uint8Array) => {
      const bytes = typeof part === 'string' ? enc.encode(part) : part;
      chunks.push(bytes);
      offset += bytes.length;
    };
    push('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n');
    const offsets: number[] = [];
    for (const body of this.bodies) {
      offsets.push(offset);
      for (const part of body) push(part);
    }
    const xref = offset;
    const total = this.bodies.length + 1;
    const rows = ['0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)];
    push(
      `xref\n0 ${total}\n${rows.join('\n')}\ntrailer\n<< /Size ${total} /Root ${root} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
    );
    const out = new Uint8Array(new ArrayBuffer(offset));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
