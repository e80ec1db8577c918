import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { describe, expect, test } from 'vitest';
import { encodeGguf, type GgufContents } from '../../src/local/gguf-writer.js';
import { readGguf } from './read-gguf.js';

const contents: GgufContents = {
  metadata: {
    'general.architecture': { type: 'string', value: 'llama' },
    'general.name': { type: 'string', value: 'round trip ✓' },
    'test.uint8': { type: 'uint8', value: 200 },
    'test.int8': { type: 'int8', value: -5 },
    'test.uint16': { type: 'uint16', value: 65_000 },
    'test.int16': { type: 'int16', value: -30_000 },
    'test.uint32': { type: 'uint32', value: 4_000_000_000 },
    'test.int32': { type: 'int32', value: -2_000_000_000 },
    'test.float32': { type: 'float32', value: 0.5 },
    'test.float64': { type: 'float64', value: Math.PI },
    'test.bool': { type: 'bool', value: true },
    'test.uint64': { type: 'uint64', value: 2n ** 40n },
    'test.int64': { type: 'int64', value: -(2n ** 40n) },
    'test.strings': { type: 'array', itemType: 'string', items: ['▁Hello', '<0x0A>', ''] },
    'test.floats': { type: 'array', itemType: 'float32', items: [0, -1.5, 2.25] },
    'test.ints': { type: 'array', itemType: 'int32', items: [1, 2, 3, -4] },
  },
  tensors: [
    { name: 'odd', dimensions: [3], data: new Float32Array([1, 2, 3]) },
    { name: 'matrix', dimensions: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
  ],
};

describe('encodeGguf', () => {
  test('round-trips header, typed metadata, tensor infos and 32-byte aligned F32 data', () => {
    const buffer = encodeGguf(contents);
    const parsed = readGguf(buffer);
    expect(parsed.version).toBe(3);
    expect(parsed.alignment).toBe(32);
    expect(parsed.metadata).toMatchObject({
      'general.name': 'round trip ✓',
      'test.uint8': 200,
      'test.int8': -5,
      'test.uint16': 65_000,
      'test.int16': -30_000,
      'test.uint32': 4_000_000_000,
      'test.int32': -2_000_000_000,
      'test.float32': 0.5,
      'test.float64': Math.PI,
      'test.bool': true,
      'test.uint64': 2n ** 40n,
      'test.int64': -(2n ** 40n),
      'test.strings': ['▁Hello', '<0x0A>', ''],
      'test.floats': [0, -1.5, 2.25],
      'test.ints': [1, 2, 3, -4],
    });
    expect(parsed.tensors).toEqual([
      { name: 'odd', dimensions: [3], type: 0, offset: 0 },
      // 12 bytes of "odd" are padded to the next 32-byte boundary.
      { name: 'matrix', dimensions: [2, 3], type: 0, offset: 32 },
    ]);
    expect(parsed.dataStart % 32).toBe(0);
    const matrixStart = parsed.dataStart + 32;
    const matrix = Array.from({ length: 6 }, (_, index) => buffer.readFloatLE(matrixStart + index * 4));
    expect(matrix).toEqual([1, 2, 3, 4, 5, 6]);
    expect(buffer.length % 32).toBe(0);
  });

  test('is readable by node-llama-cpp’s own GGUF parser', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'conclave-gguf-'));
    const filePath = path.join(directory, 'round-trip.gguf');
    await writeFile(filePath, encodeGguf(contents));
    const info = await readGgufFileInfo(filePath, { logWarnings: false });
    expect(info.version).toBe(3);
    expect(Number(info.tensorCount)).toBe(2);
    expect(info.metadata.general.architecture).toBe('llama');
    expect(info.tensorInfo?.map((tensor) => [tensor.name, tensor.dimensions.map(Number)])).toEqual([
      ['odd', [3]],
      ['matrix', [2, 3]],
    ]);
  });

  test('rejects values that do not fit their declared type and tensors whose shape does not match the data', () => {
    expect(() => encodeGguf({ metadata: { bad: { type: 'uint32', value: 'seven' } }, tensors: [] })).toThrow(
      /not a valid uint32/,
    );
    expect(() => encodeGguf({ metadata: { bad: { type: 'uint8', value: 300 } }, tensors: [] })).toThrow(
      RangeError,
    );
    expect(() =>
      encodeGguf({ metadata: {}, tensors: [{ name: 'x', dimensions: [2, 2], data: new Float32Array(3) }] }),
    ).toThrow(/hold 4 values, data has 3/);
  });

  test('records a non-default alignment so readers honour it', () => {
    const parsed = readGguf(encodeGguf({ ...contents, alignment: 64 }));
    expect(parsed.alignment).toBe(64);
    expect(parsed.tensors[1]?.offset).toBe(64);
  });
});
