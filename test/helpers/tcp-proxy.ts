import net from 'node:net';

/**
 * A TCP relay in front of PostgreSQL that a test can cut (every open connection reset, new ones
 * refused, as when the server goes away) and restore on the same port.
 */
export interface TcpProxy {
  port: number;
  /** Resets the open connections and stops listening: connects are refused until restore(). */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Connections open through the relay now. */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  // Connections the kernel accepted just before the listener closed still arrive: cut them too.
  let refusing = false;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const listening = net.createServer((inbound) => {
        if (refusing) return inbound.resetAndDestroy();
        const outbound = net.connect(targetPort, targetHost);
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        inbound.pipe(outbound).pipe(inbound);
        inbound.on('close', () => outbound.destroy());
        outbound.on('close', () => inbound.destroy());
      });
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as net.AddressInfo).port;
        server = listening;
        resolve();
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await listen();

  return {
    get port() {
      return port;
    },
    async cut() {
      refusing = true;
      const closed = stopListening();
      server = undefined;
      for (const socket of sockets) socket.resetAndDestroy();
      await closed;
    },
    async restore() {
      refusing = false;
      await listen();
    },
    openConnections: () => sockets.size / 2,
    async close() {
      const closed = stopListening();
      server = undefined;
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
