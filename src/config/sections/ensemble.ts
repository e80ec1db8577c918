import { z } from 'zod';

/** The `ensemble` section of conclave.yaml. */
export const ensembleConfigSchema = z.strictObject({}).prefault({});
