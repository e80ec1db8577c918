import { z } from 'zod';

/** The `pipelines` section of conclave.yaml. */
export const pipelinesConfigSchema = z.strictObject({}).prefault({});
