/**
 * Reads a file of public/, the static assets (e.g. "fonts/jp.json"): null when there is none. On Workers through
 * the ASSETS binding, on Node from disk (lib/assets-node.ts). For what the server itself needs from there, such as
 * the badge PDF's fonts, which must stay out of the Worker's code bundle.
 */
export type AssetReader = (path: string) => Promise<Uint8Array | null>;

export const bindingAssets =
  (binding: { fetch(req: Request): Promise<Response> }): AssetReader =>
  async (path) => {
    const res = await binding.fetch(new Request(`https://assets.invalid/${path}`));
    return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
  };
