import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { PickedItem } from '../shared/contract/ipc';

/**
 * The paths the user picked (dialog) or dropped, behind opaque tokens. The renderer refers to
 * evidence only by token, so a compromised page cannot make the main process read arbitrary
 * files: only what the user chose.
 */
export class PickedItems {
  private readonly byToken = new Map<string, { path: string; kind: 'file' | 'folder' }>();

  async register(paths: string[]): Promise<PickedItem[]> {
    const out: PickedItem[] = [];
    for (const p of paths) {
      const abs = resolve(p);
      const s = await stat(abs).catch(() => null);
      if (!s || !(s.isFile() || s.isDirectory())) throw new Error(`"${basename(abs)}" is not a readable file or folder.`);
      const token = randomBytes(16).toString('hex');
      const kind = s.isDirectory() ? 'folder' : 'file';
      this.byToken.set(token, { path: abs, kind });
      out.push({ token, name: basename(abs), size: s.isFile() ? s.size : 0, kind });
    }
    return out;
  }

  resolve(tokens: string[]): { path: string; kind: 'file' | 'folder' }[] {
    return tokens.map((t) => {
      const item = this.byToken.get(t);
      if (!item) throw new Error('A picked file is no longer known to the app; pick it again.');
      return item;
    });
  }
}
