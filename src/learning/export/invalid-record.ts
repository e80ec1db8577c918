/** A stored example that cannot be expressed in the requested format (counted and skipped, never written). */
export class InvalidRecordError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidRecordError';
  }
}
