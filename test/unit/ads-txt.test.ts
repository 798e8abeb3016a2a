import { cleanAdsTxt } from '../../src/modules/site/ads-txt';
import { badInputField } from '../helpers/expect-graphql';

describe('cleanAdsTxt (IAB ads.txt 1.1)', () => {
  it('accepts records, comments, blank lines, extensions and every variable, case-insensitively', () => {
    const text = [
      '# comment',
      '',
      'google.com, pub-1, DIRECT, f08c47fec0942fa0',
      'example.vn,12345,reseller',
      'ssp.example, a1, DIRECT; ext',
      'contact=ads@example.vn',
      'SUBDOMAIN=tin.example.vn',
      'OWNERDOMAIN=example.vn',
      'MANAGERDOMAIN=manager.example',
      'INVENTORYPARTNERDOMAIN=partner.example',
    ].join('\n');
    expect(cleanAdsTxt(text)).toBe(`${text}\n`);
  });

  it('names the first bad line', () => {
    expect(badInputField(() => cleanAdsTxt('google.com, pub-1, DIRECT\nbogus line'))).toBe('adsTxt');
    try {
      cleanAdsTxt('ok.com, 1, DIRECT\n\nbad.com, 1, SOMETIMES');
    } catch (error) {
      expect((error as { extensions: Record<string, unknown>; message: string }).extensions.line).toBe(3);
      expect((error as Error).message).toMatch(/^ads\.txt line 3 \("bad\.com, 1, SOMETIMES"\): the relationship must be DIRECT or RESELLER/);
    }
    expect.assertions(5);
  });

  it('makes an empty file null and normalizes line endings and NFC', () => {
    expect(cleanAdsTxt(' \r\n# only a comment is still a file\r\n')).toBe('# only a comment is still a file\n');
    expect(cleanAdsTxt('\n  \n')).toBeNull();
    expect(cleanAdsTxt('# Dương Kinh'.normalize('NFD'))).toBe('# Dương Kinh\n');
  });
});
