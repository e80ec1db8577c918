/** A minimal independent GGUF reader for tests: parses exactly what the writer is supposed to produce. */

export interface ParsedGguf {
  version: number;
  metadata: Record<string, unknown>;
  tensors: { name: string; dimensions: number[]; type: number; offset: number }[];
  alignment: number;
  dataStart: number;
}

export function readGguf(buffer: Buffer): ParsedGguf {
  let position = 0;
  const u32 = () => {
    const value = buffer.readUInt32LE(position);
    position += 4;
    return value;
  };
  const u64 = () => {
    const value = Number(buffer.readBigUInt64LE(position));
    position += 8;
    return value;
  };
  const string = () => {
    const length = u64();
    const value = buffer.toString('utf8', position, position + length);
    position += length;
    return value;
  };
  const take =
    <T>(size: number, read: (offset: number) => T) =>
    () => {
      const result = read(position);
      position += size;
      return result;
    };
  const readers: Record<number, () => unknown> = {
    0: take(1, (offset) => buffer.readUInt8(offset)),
    1: take(1, (offset) => buffer.readInt8(offset)),
    2: take(2, (offset) => buffer.readUInt16LE(offset)),
    3: take(2, (offset) => buffer.readInt16LE(offset)),
    4: u32,
    5: take(4, (offset) => buffer.readInt32LE(offset)),
    6: take(4, (offset) => buffer.readFloatLE(offset)),
    7: take(1, (offset) => buffer.readUInt8(offset) === 1),
    8: string,
    10: take(8, (offset) => buffer.readBigUInt64LE(offset)),
    11: take(8, (offset) => buffer.readBigInt64LE(offset)),
    12: take(8, (offset) => buffer.readDoubleLE(offset)),
  };
  const value = (type: number): unknown => {
    if (type !== 9) return readers[type]!();
    const itemType = u32();
    return Array.from({ length: u64() }, () => value(itemType));
  };

  if (buffer.toString('ascii', 0, 4) !== 'GGUF') throw new Error('bad magic');
  position = 4;
  const version = u32();
  const tensorCount = u64();
  const metadataCount = u64();
  const metadata: Record<string, unknown> = {};
  for (let index = 0; index < metadataCount; index++) {
    const key = string();
    metadata[key] = value(u32());
  }
  const tensors = Array.from({ length: tensorCount }, () => {
    const name = string();
    const dimensions = Array.from({ length: u32() }, () => u64());
    return { name, dimensions, type: u32(), offset: u64() };
  });
  const alignment = (metadata['general.alignment'] as number | undefined) ?? 32;
  const dataStart = Math.ceil(position / alignment) * alignment;
  return { version, metadata, tensors, alignment, dataStart };
}
