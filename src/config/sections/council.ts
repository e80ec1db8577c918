import { z } from 'zod';

/** The `council` section of conclave.yaml. */
export const councilConfigSchema = z.strictObject({}).prefault({});
