import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildDemoModelContents } from './demo-model-contents.js';
import { encodeGguf } from './gguf-writer.js';

export const DEMO_MODEL_MESSAGE =
  "Hello! I am Conclave's built-in demo model, running locally through llama.cpp. Add a real provider to get real answers: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or GROQ_API_KEY, or start Ollama.";

export const DEMO_MODEL_FILE_NAME = 'conclave-demo.gguf';

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readIfPresent(filePath: string): Promise<Buffer | undefined> {
  try {
    return await readFile(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes the built-in demo model (a ~250 KB llama GGUF that always answers `message`) into `directory` and
 * returns its path. An existing file with identical bytes is reused, so calling this on every start is cheap;
 * a file written by an older writer is replaced atomically. A custom `message` gets its own file
 * (`conclave-demo-<hash>.gguf`), so it never clobbers the default demo model.
 */
export async function ensureDemoModel(
  directory: string,
  message: string = DEMO_MODEL_MESSAGE,
): Promise<string> {
  const bytes = encodeGguf(buildDemoModelContents(message));
  const fileName =
    message === DEMO_MODEL_MESSAGE
      ? DEMO_MODEL_FILE_NAME
      : `conclave-demo-${sha256(Buffer.from(message)).slice(0, 12)}.gguf`;
  const filePath = path.join(directory, fileName);
  const existing = await readIfPresent(filePath);
  if (existing !== undefined && sha256(existing) === sha256(bytes)) return filePath;

  await mkdir(directory, { recursive: true });
  // Write-then-rename so a concurrent reader never sees a half-written model.
  const temporaryPath = `${filePath}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporaryPath, bytes);
    await rename(temporaryPath, filePath);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
  return filePath;
}
