import { z } from 'zod';

/** The `evaluation` section of conclave.yaml. */
export const evaluationConfigSchema = z.strictObject({}).prefault({});
