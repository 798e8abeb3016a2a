import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { Context, PrimaryPins } from './context';

/** Enough for a breaking story's writers; past it the oldest pins are forgotten first (they read a replica sooner). */
const MAX_PINNED_CLIENTS = 100_000;

/**
 * Clients that sent a mutation within `pinMs`, in this instance's memory. Staff never need it
 * (they always read the primary); it covers anonymous writes (a counted view read back at once).
 */
export function createPrimaryPins(pinMs: number): PrimaryPins {
  if (pinMs === 0) return { has: () => false, pin: () => undefined };
  const pins = new LRUCache<string, true>({ max: MAX_PINNED_CLIENTS, ttl: pinMs });
  return { has: (client) => pins.has(client), pin: (client) => void pins.set(client, true) };
}

/** A mutation pins its client's next reads to the primary (read your own writes with replicas). */
export const readYourWritesPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'mutation') contextValue.pinReadsToPrimary();
      },
    };
  },
};
