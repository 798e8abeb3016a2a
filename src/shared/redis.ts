import { Redis } from 'ioredis';

/** One client per process for shared state (rate limits, dedupe). Fails fast on a bad URL. */
export function createRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectionName: 'bulletin',
  });
}
