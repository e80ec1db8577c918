export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rejects calls before letting one probe through. */
  openMs: number;
  now?: () => number;
}

interface Circuit {
  state: CircuitState;
  failures: number;
  openedAt: number;
  probing: boolean;
}

/**
 * Per-model circuit breakers: closed → open after N consecutive failures → half-open after a cool-down,
 * where exactly one probe request is let through → closed on its success, open again on its failure.
 */
export function createCircuitBreakers({ failureThreshold, openMs, now = Date.now }: CircuitOptions) {
  const circuits = new Map<string, Circuit>();
  const get = (key: string): Circuit => {
    let circuit = circuits.get(key);
    if (!circuit) {
      circuit = { state: 'closed', failures: 0, openedAt: 0, probing: false };
      circuits.set(key, circuit);
    }
    if (circuit.state === 'open' && now() - circuit.openedAt >= openMs) {
      circuit.state = 'half-open';
      circuit.probing = false;
    }
    return circuit;
  };
  return {
    state: (key: string): CircuitState => get(key).state,
    /** Why the model must not be called now, or undefined. Does not reserve the probe. */
    blockReason(key: string): string | undefined {
      const circuit = get(key);
      if (circuit.state === 'open') {
        const seconds = Math.ceil((openMs - (now() - circuit.openedAt)) / 1_000);
        return `circuit open after ${circuit.failures} consecutive failures (probe in ${seconds} s)`;
      }
      if (circuit.state === 'half-open' && circuit.probing)
        return 'circuit half-open; a probe request is in flight';
      return undefined;
    },
    /** Reserves the call: false when open, or half-open with the single probe already taken. */
    tryAcquire(key: string): boolean {
      const circuit = get(key);
      if (circuit.state === 'closed') return true;
      if (circuit.state === 'half-open' && !circuit.probing) {
        circuit.probing = true;
        return true;
      }
      return false;
    },
    recordSuccess(key: string): void {
      const circuit = get(key);
      circuit.state = 'closed';
      circuit.failures = 0;
      circuit.probing = false;
    },
    recordFailure(key: string): void {
      const circuit = get(key);
      circuit.failures += 1;
      circuit.probing = false;
      if (circuit.state === 'half-open' || circuit.failures >= failureThreshold) {
        circuit.state = 'open';
        circuit.openedAt = now();
      }
    },
    /** Forgets every circuit (admin action; tests). */
    reset(): void {
      circuits.clear();
    },
    snapshot(): Record<string, { state: CircuitState; failures: number }> {
      return Object.fromEntries(
        [...circuits.keys()].map((key) => [key, { state: get(key).state, failures: get(key).failures }]),
      );
    },
  };
}

export type CircuitBreakers = ReturnType<typeof createCircuitBreakers>;
