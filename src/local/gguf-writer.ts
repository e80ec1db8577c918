/**
 * A small GGUF v3 writer: enough to produce tiny, valid llama.cpp models for tests and the zero-config demo.
 * Spec: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md — all integers little-endian, strings are
 * u64 length + UTF-8 bytes, tensor data starts at an `alignment`-aligned offset and each tensor is padded to it.
 */

import { endianness } from 'node:os';

const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const GGUF_VERSION = 3;
const GGML_TYPE_F32 = 0;
const DEFAULT_ALIGNMENT = 32;

const VALUE_TYPE_IDS = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufScalarType = Exclude<keyof typeof VALUE_TYPE_IDS, 'array'>;
export type GgufScalar = number | bigint | boolean | string;

export type GgufMetadataValue =
  | { type: GgufScalarType; value: GgufScalar }
  | { type: 'array'; itemType: GgufScalarType; items: readonly GgufScalar[] };

export interface GgufTensor {
  name: string;
  /** GGML order: the first dimension is the fastest-varying one (a row of a matrix). */
  dimensions: readonly number[];
  data: Float32Array;
}

export interface GgufContents {
  metadata: Readonly<Record<string, GgufMetadataValue>>;
  tensors: readonly GgufTensor[];
  alignment?: number;
}

/** Growable little-endian byte sink; GGUF headers are small, so simplicity beats streaming here. */
function createByteSink() {
  const chunks: Buffer[] = [];
  let length = 0;
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  const fixed = (size: number, write: (buffer: Buffer) => void) => {
    const buffer = Buffer.alloc(size);
    write(buffer);
    push(buffer);
  };
  return {
    get length() {
      return length;
    },
    push,
    u32: (value: number) => fixed(4, (buffer) => buffer.writeUInt32LE(value)),
    u64: (value: number | bigint) => fixed(8, (buffer) => buffer.writeBigUInt64LE(BigInt(value))),
    string: (value: string) => {
      const bytes = Buffer.from(value, 'utf8');
      fixed(8, (buffer) => buffer.writeBigUInt64LE(BigInt(bytes.length)));
      push(bytes);
    },
    pad: (alignment: number) => {
      const remainder = length % alignment;
      if (remainder !== 0) push(Buffer.alloc(alignment - remainder));
    },
    toBuffer: () => Buffer.concat(chunks, length),
  };
}

type ByteSink = ReturnType<typeof createByteSink>;

type ScalarEncoder = {
  size: number;
  accepts: (value: GgufScalar) => boolean;
  write: (buffer: Buffer, value: never) => void;
};

const isNumber = (value: GgufScalar) => typeof value === 'number';
const isInteger = (value: GgufScalar) => typeof value === 'bigint' || Number.isInteger(value);

const FIXED_SIZE_ENCODERS: Record<Exclude<GgufScalarType, 'string'>, ScalarEncoder> = {
  bool: {
    size: 1,
    accepts: (value) => typeof value === 'boolean',
    write: (buffer, value: boolean) => buffer.writeUInt8(value ? 1 : 0),
  },
  uint8: { size: 1, accepts: isNumber, write: (buffer, value: number) => buffer.writeUInt8(value) },
  int8: { size: 1, accepts: isNumber, write: (buffer, value: number) => buffer.writeInt8(value) },
  uint16: { size: 2, accepts: isNumber, write: (buffer, value: number) => buffer.writeUInt16LE(value) },
  int16: { size: 2, accepts: isNumber, write: (buffer, value: number) => buffer.writeInt16LE(value) },
  uint32: { size: 4, accepts: isNumber, write: (buffer, value: number) => buffer.writeUInt32LE(value) },
  int32: { size: 4, accepts: isNumber, write: (buffer, value: number) => buffer.writeInt32LE(value) },
  float32: { size: 4, accepts: isNumber, write: (buffer, value: number) => buffer.writeFloatLE(value) },
  float64: { size: 8, accepts: isNumber, write: (buffer, value: number) => buffer.writeDoubleLE(value) },
  uint64: {
    size: 8,
    accepts: isInteger,
    write: (buffer, value: number | bigint) => buffer.writeBigUInt64LE(BigInt(value)),
  },
  int64: {
    size: 8,
    accepts: isInteger,
    write: (buffer, value: number | bigint) => buffer.writeBigInt64LE(BigInt(value)),
  },
};

function writeScalar(sink: ByteSink, type: GgufScalarType, value: GgufScalar, key: string): void {
  const invalid = () => new TypeError(`GGUF metadata "${key}": ${String(value)} is not a valid ${type}`);
  if (type === 'string') {
    if (typeof value !== 'string') throw invalid();
    sink.string(value);
    return;
  }
  const encoder = FIXED_SIZE_ENCODERS[type];
  if (!encoder.accepts(value)) throw invalid();
  const buffer = Buffer.alloc(encoder.size);
  // Node's writers range-check the value (e.g. 300 as uint8 throws), which is the validation we want.
  encoder.write(buffer, value as never);
  sink.push(buffer);
}

function writeMetadataValue(sink: ByteSink, key: string, entry: GgufMetadataValue): void {
  sink.u32(VALUE_TYPE_IDS[entry.type]);
  if (entry.type !== 'array') {
    writeScalar(sink, entry.type, entry.value, key);
    return;
  }
  sink.u32(VALUE_TYPE_IDS[entry.itemType]);
  sink.u64(entry.items.length);
  for (const item of entry.items) writeScalar(sink, entry.itemType, item, key);
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Encodes a complete GGUF v3 file (F32 tensors only) into one buffer. */
export function encodeGguf({ metadata, tensors, alignment = DEFAULT_ALIGNMENT }: GgufContents): Buffer {
  if (!Number.isInteger(alignment) || alignment <= 0 || alignment % 8 !== 0) {
    throw new RangeError(`GGUF alignment must be a positive multiple of 8, got ${alignment}`);
  }
  // llama.cpp only honours a non-default alignment when the file says so.
  const entries = Object.entries(metadata);
  const declared = metadata['general.alignment'];
  if (declared !== undefined && (declared.type !== 'uint32' || declared.value !== alignment)) {
    throw new RangeError(`general.alignment must be the uint32 ${alignment} the data is written with`);
  }
  if (declared === undefined) {
    entries.push(['general.alignment', { type: 'uint32', value: alignment }]);
  }

  const sink = createByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(entries.length);
  for (const [key, value] of entries) {
    sink.string(key);
    writeMetadataValue(sink, key, value);
  }

  let dataOffset = 0;
  for (const tensor of tensors) {
    const elementCount = tensor.dimensions.reduce((product, dimension) => product * dimension, 1);
    if (elementCount !== tensor.data.length) {
      throw new RangeError(
        `GGUF tensor "${tensor.name}": dimensions [${tensor.dimensions.join(', ')}] hold ${elementCount} values, data has ${tensor.data.length}`,
      );
    }
    sink.string(tensor.name);
    sink.u32(tensor.dimensions.length);
    for (const dimension of tensor.dimensions) sink.u64(dimension);
    sink.u32(GGML_TYPE_F32);
    sink.u64(dataOffset);
    dataOffset = alignUp(dataOffset + tensor.data.byteLength, alignment);
  }

  sink.pad(alignment);
  for (const tensor of tensors) {
    const bytes = Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
    // GGUF is little-endian on disk; Float32Array uses the host's byte order.
    sink.push(endianness() === 'LE' ? bytes : Buffer.from(bytes).swap32());
    sink.pad(alignment);
  }
  return sink.toBuffer();
}
