const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e6,
  mib: 1024 ** 2,
  gb: 1e9,
  gib: 1024 ** 3,
  tb: 1e12,
  tib: 1024 ** 4,
};

/** "4GB" → 4e9, "512 MiB" → 536870912, 1024 → 1024. Input is already validated by the config schema. */
export function parseByteSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) throw new Error(`not a byte size: ${value}`);
  const unit = UNITS[(match[2] || 'b').toLowerCase()];
  if (unit === undefined) throw new Error(`unknown byte unit in ${value}`);
  return Math.round(Number(match[1]) * unit);
}
