/** A token bucket refilled continuously; `take` answers how long to wait instead of blocking. */
export function createTokenBucket({
  capacity,
  perMinute,
  now = Date.now,
}: {
  capacity: number;
  perMinute: number;
  now?: () => number;
}) {
  let tokens = capacity;
  let last = now();
  const refill = () => {
    const current = now();
    tokens = Math.min(capacity, tokens + ((current - last) * perMinute) / 60_000);
    last = current;
  };
  return {
    /** Takes `amount` tokens and returns 0, or takes nothing and returns the milliseconds until it could. */
    take(amount = 1): number {
      refill();
      if (tokens >= amount || (amount > capacity && tokens >= capacity)) {
        tokens -= amount;
        return 0;
      }
      return Math.ceil(((Math.min(amount, capacity) - tokens) * 60_000) / perMinute);
    },
    /** Returns (or charges) the difference once the real amount is known. */
    adjust(delta: number): void {
      refill();
      tokens = Math.min(capacity, tokens - delta);
    },
    available(): number {
      refill();
      return tokens;
    },
  };
}

export type TokenBucket = ReturnType<typeof createTokenBucket>;
