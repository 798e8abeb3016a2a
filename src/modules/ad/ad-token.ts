import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a serving token names: this serving, the creative shown, the slot it was shown in, and when. */
export interface ServingClaim {
  servingId: string;
  creativeId: string;
  slotId: string;
  /** Unix seconds. */
  issuedAt: number;
}

const VERSION = 1;
const UUID_BYTES = 16;
/** version, serving, creative, slot, issuedAt (uint32 seconds: good until 2106). */
const PAYLOAD_BYTES = 1 + 3 * UUID_BYTES + 4;
/** HMAC-SHA256 cut to 128 bits: forging one still takes 2^128 guesses. */
const MAC_BYTES = 16;
const TOKEN_LENGTH = Math.ceil(((PAYLOAD_BYTES + MAC_BYTES) * 4) / 3);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** A token issued by an instance whose clock runs ahead is still accepted within this. */
const CLOCK_SKEW_SECONDS = 60;

const uuidToBytes = (id: string) => Buffer.from(id.replace(/-/g, ''), 'hex');
function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Signed serving tokens (impression beacons, click URLs): base64url of the claim and its HMAC with
 * a key derived from APP_SECRET, so every instance sharing the secret accepts every instance's
 * tokens. Anything forged, altered, truncated or older than `ttlSeconds` verifies as null.
 */
export class AdTokenCodec {
  private readonly key: Buffer;

  constructor(
    appSecret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.key = createHmac('sha256', appSecret).update('ad-serving-token').digest();
  }

  /** A new serving of this creative in this slot, now. */
  issue(creativeId: string, slotId: string): { token: string; claim: ServingClaim } {
    const claim = { servingId: bytesToUuid(randomBytes(UUID_BYTES)), creativeId, slotId, issuedAt: Math.floor(this.now() / 1000) };
    return { token: this.sign(claim), claim };
  }

  sign(claim: ServingClaim): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    payload.writeUInt8(VERSION, 0);
    uuidToBytes(claim.servingId).copy(payload, 1);
    uuidToBytes(claim.creativeId).copy(payload, 1 + UUID_BYTES);
    uuidToBytes(claim.slotId).copy(payload, 1 + 2 * UUID_BYTES);
    payload.writeUInt32BE(claim.issuedAt, 1 + 3 * UUID_BYTES);
    return Buffer.concat([payload, this.mac(payload)]).toString('base64url');
  }

  verify(token: string): ServingClaim | null {
    if (token.length !== TOKEN_LENGTH || !BASE64URL.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== PAYLOAD_BYTES + MAC_BYTES) return null;
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), this.mac(payload))) return null;
    // CASE: base64url has more than one spelling of the last bits: accept only the canonical one.
    if (bytes.toString('base64url') !== token) return null;
    if (payload.readUInt8(0) !== VERSION) return null;
    const issuedAt = payload.readUInt32BE(1 + 3 * UUID_BYTES);
    const nowSeconds = Math.floor(this.now() / 1000);
    if (issuedAt > nowSeconds + CLOCK_SKEW_SECONDS || nowSeconds - issuedAt > this.ttlSeconds) return null;
    return {
      servingId: bytesToUuid(payload.subarray(1, 1 + UUID_BYTES)),
      creativeId: bytesToUuid(payload.subarray(1 + UUID_BYTES, 1 + 2 * UUID_BYTES)),
      slotId: bytesToUuid(payload.subarray(1 + 2 * UUID_BYTES, 1 + 3 * UUID_BYTES)),
      issuedAt,
    };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}
