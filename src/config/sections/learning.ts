import { z } from 'zod';

/** The `learning` section of conclave.yaml. */
export const learningConfigSchema = z.strictObject({}).prefault({});
