import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on a free loopback port (tests never leave 127.0.0.1) and returns it. */
export async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Closes the server, dropping open connections so that close() does not wait for clients. */
export function closeServer(server: http.Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
