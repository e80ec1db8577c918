import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

describe('conclave chat', () => {
  it('answers turn by turn with a model indicator, and /why, /pin, /unpin, /objective work', async () => {
    const home = createTempHome();
    try {
      const result = await runCli(['chat', '--session', 'kept'], {
        env: { CONCLAVE_HOME: home.path },
        input:
          'Hello\n/why\n/pin conclave-demo\n/objective fastest\n/objective cost\nAnd again?\n/unpin\n/exit\n',
      });
      expect(result.code).toBe(0);
      expect(result.stdout.match(/▸ conclave-demo · 🖥 local/g)).toHaveLength(2);
      expect(result.stdout).toContain("Hello! I am Conclave's built-in demo model");
      expect(result.stdout).toMatch(/Chose conclave-demo/);
      expect(result.stdout).toContain('Pinned to conclave-demo.');
      expect(result.stderr).toContain('Unknown objective "fastest"');
      expect(result.stdout).toContain('Objective: cost.');
      expect(result.stdout).toMatch(/general model \(requested\)/);
      expect(result.stdout).toContain('Unpinned: routing automatically.');
    } finally {
      home.cleanup();
    }
  }, 60_000);
});
