// Preloaded into Portkey's gateway for the benchmark: its start script binds every interface; this machine's
// rules want servers on 127.0.0.1 only, so listen() calls without a host get 127.0.0.1.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function patchedListen(...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function'))
    args.splice(1, 0, '127.0.0.1');
  else if (typeof args[0] === 'object' && args[0] !== null && !args[0].host)
    args[0] = { ...args[0], host: '127.0.0.1' };
  return listen.apply(this, args);
};
