#!/usr/bin/env node
// Checked before anything else loads: older Node versions lack node:sqlite and would fail with a stack trace.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `error: Conclave needs Node.js 22.12 or newer (this is ${process.version}).\nhint: install Node 24 (https://nodejs.org), or run ./conclave from the repository, which installs it for you.\n`,
  );
  process.exit(2);
}
await import('./run-program.js');
