import { AdTokenCodec } from '../../src/modules/ad/ad-token';

const SECRET = 'unit-secret-unit-secret-unit-secret-0123';
const CREATIVE = '0b4cbd1c-3f1e-4d9a-9a43-5f5a3a0f0c11';
const SLOT = '7d2b0c58-1a2f-4b6e-8e7f-2d3c4b5a6978';

describe('AdTokenCodec', () => {
  it('verifies its own token back to the same claim', () => {
    const codec = new AdTokenCodec(SECRET, 3600);
    const { token, claim } = codec.issue(CREATIVE, SLOT);
    expect(codec.verify(token)).toEqual(claim);
    expect(claim).toMatchObject({ creativeId: CREATIVE, slotId: SLOT });
  });

  it('refuses every single-character change, a truncation, an extension and another secret', () => {
    const codec = new AdTokenCodec(SECRET, 3600);
    const { token } = codec.issue(CREATIVE, SLOT);
    for (let i = 0; i < token.length; i++) {
      const changed = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
      expect(codec.verify(changed)).toBeNull();
    }
    expect(codec.verify(token.slice(0, -1))).toBeNull();
    expect(codec.verify(`${token}A`)).toBeNull();
    expect(new AdTokenCodec(`${SECRET}x`, 3600).verify(token)).toBeNull();
  });

  it('refuses a token older than its lifetime, or from too far in the future', () => {
    let now = Date.UTC(2026, 11, 1, 12, 0, 0);
    const codec = new AdTokenCodec(SECRET, 3600, () => now);
    const { token } = codec.issue(CREATIVE, SLOT);
    now += 3600 * 1000;
    expect(codec.verify(token)).not.toBeNull();
    now += 1000;
    expect(codec.verify(token)).toBeNull();
    now = Date.UTC(2026, 11, 1, 11, 58, 0);
    expect(codec.verify(token)).toBeNull();
  });
});
