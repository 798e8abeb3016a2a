import fs from 'node:fs';
import { env, readBody, send, servePeer } from './http-peer';

/**
 * P0, the ceiling: node:http answering every POST /graphql with the same canned bytes (Bulletin's
 * own verified W1 answer, from P0_RESPONSE_FILE) after reading the request body. No parsing, no
 * database: what the HTTP layer and the load generator alone cost on this machine.
 */

const response = fs.readFileSync(env('P0_RESPONSE_FILE'));

servePeer('p0-fixed', {
  handle: async (req, res) => {
    await readBody(req);
    send(res, 200, response);
  },
});
