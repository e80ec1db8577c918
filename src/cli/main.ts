#!/usr/bin/env node
import { handleCliError } from './handle-error.js';
import { createProgram } from './program.js';

const program = createProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = handleCliError(error);
}
