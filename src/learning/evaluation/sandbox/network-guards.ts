/**
 * In-process network guards for the `guard` containment mode (no network namespace available). They make
 * every ordinary way to open a connection throw; they are a safety net against accidents and careless code,
 * not a security boundary against code written to escape them (see docs: sandbox guarantees).
 */
export const NODE_NETWORK_GUARD = `'use strict';
const deny = (what) => () => {
  const error = new Error('network access is disabled in the Conclave sandbox (' + what + ')');
  error.code = 'ERR_SANDBOX_NETWORK';
  throw error;
};
const net = require('node:net');
net.Socket.prototype.connect = deny('net.Socket.connect');
net.Server.prototype.listen = deny('net.Server.listen');
net.connect = deny('net.connect');
net.createConnection = deny('net.createConnection');
require('node:tls').connect = deny('tls.connect');
require('node:dgram').createSocket = deny('dgram.createSocket');
require('node:http2').connect = deny('http2.connect');
for (const name of ['request', 'get']) {
  require('node:http')[name] = deny('http.' + name);
  require('node:https')[name] = deny('https.' + name);
}
const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'lookupService']) {
  dns[name] = deny('dns.' + name);
  dns.promises[name] = async () => deny('dns.promises.' + name)();
}
globalThis.fetch = async () => deny('fetch')();
globalThis.WebSocket = class { constructor() { deny('WebSocket')(); } };
require('node:module').syncBuiltinESMExports();
`;

export const PYTHON_NETWORK_GUARD = `import socket as _conclave_socket
def _conclave_network_denied(*args, **kwargs):
    raise PermissionError("network access is disabled in the Conclave sandbox")
for _conclave_name in ("connect", "connect_ex", "sendto", "sendmsg", "bind", "listen"):
    setattr(_conclave_socket.socket, _conclave_name, _conclave_network_denied)
for _conclave_name in ("create_connection", "create_server", "getaddrinfo", "gethostbyname",
                       "gethostbyname_ex", "gethostbyaddr"):
    setattr(_conclave_socket, _conclave_name, _conclave_network_denied)
`;
