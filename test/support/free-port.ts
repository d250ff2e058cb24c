import net from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for the processes that must be told their port
 * before they start (Mosquitto, Node-RED, Homebridge): the OS picks it, so parallel runs do not collide.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
