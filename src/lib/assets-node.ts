import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { AssetReader } from './assets';

/** public/ on disk (Node only). A path that leaves the folder reads nothing. */
export const fileAssets =
  (dir: string): AssetReader =>
  async (path) => {
    const file = resolve(dir, path);
    if (!file.startsWith(dir + sep)) return null;
    return readFile(file).then(
      (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      () => null,
    );
  };
