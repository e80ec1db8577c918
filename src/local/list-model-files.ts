import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface LocalModelFile {
  /** Path relative to the models directory, with `/` separators and without the `.gguf` suffix. */
  id: string;
  path: string;
  sizeBytes: number;
}

const GGUF_SUFFIX = '.gguf';

/** Every complete GGUF file under `modelsDir` (downloads in progress end in `.partial` and are skipped). */
export async function listModelFiles(modelsDir: string): Promise<LocalModelFile[]> {
  let names: string[];
  try {
    names = await readdir(modelsDir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: LocalModelFile[] = [];
  for (const name of names.filter((candidate) => candidate.toLowerCase().endsWith(GGUF_SUFFIX)).sort()) {
    const filePath = path.join(modelsDir, name);
    const info = await stat(filePath).catch(() => undefined);
    if (info === undefined || !info.isFile()) continue;
    const id = name.slice(0, -GGUF_SUFFIX.length).split(path.sep).join('/');
    files.push({ id, path: filePath, sizeBytes: info.size });
  }
  return files;
}
