import { paint } from '../../output.js';

/** Ctrl-C once: finish the current step and stop cleanly; twice: quit now. */
export function stopOnInterrupt(message: string): { stopped: () => boolean; dispose: () => void } {
  let stop = false;
  const handler = () => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write(`\n${paint('yellow', message)}\n`);
  };
  process.on('SIGINT', handler);
  return { stopped: () => stop, dispose: () => process.off('SIGINT', handler) };
}
