import { BadInputError } from '../../shared/errors';
import { formatCount, nfc, textLength } from '../../shared/text';

/** In characters (shared/text.ts textLength): large sellers' files run to thousands of lines. */
export const ADS_TXT_MAX_LENGTH = 500_000;

/** IAB ads.txt 1.1 variables (`NAME=value`), compared case-insensitively. */
const VARIABLES = new Set(['CONTACT', 'SUBDOMAIN', 'OWNERDOMAIN', 'MANAGERDOMAIN', 'INVENTORYPARTNERDOMAIN']);
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
const ACCOUNT_ID = /^[^\s,;#=]+$/;
const CERTIFICATION_ID = /^[A-Za-z0-9]+$/;
const RELATIONSHIPS = new Set(['DIRECT', 'RESELLER']);

/** Why this line (comment and surrounding blanks removed, not empty) is not valid; null when it is. */
function problemOf(content: string): string | null {
  const equals = content.indexOf('=');
  const comma = content.indexOf(',');
  if (equals !== -1 && (comma === -1 || equals < comma)) {
    const name = content.slice(0, equals).trim().toUpperCase();
    if (!VARIABLES.has(name)) return `"${content.slice(0, equals).trim()}" is not an ads.txt variable (${[...VARIABLES].join(', ')})`;
    if (content.slice(equals + 1).trim() === '') return `the variable ${name} has no value`;
    if (['SUBDOMAIN', 'OWNERDOMAIN', 'MANAGERDOMAIN'].includes(name) && !DOMAIN.test(content.slice(equals + 1).trim().split(',')[0].trim())) return `${name} must name a domain`;
    return null;
  }
  // Everything after ";" is an extension field (ads.txt 1.1): kept, not checked.
  const record = content.split(';')[0];
  const fields = record.split(',').map((field) => field.trim());
  if (fields.length < 3 || fields.length > 4) return 'a record is "domain, account id, DIRECT|RESELLER[, certification id]"';
  const [domain, account, relationship, certification] = fields;
  if (!DOMAIN.test(domain)) return `"${domain}" is not a domain name`;
  if (!ACCOUNT_ID.test(account)) return 'the account id is missing or has spaces';
  if (!RELATIONSHIPS.has(relationship.toUpperCase())) return `the relationship must be DIRECT or RESELLER, not "${relationship}"`;
  if (certification !== undefined && !CERTIFICATION_ID.test(certification)) return `"${certification}" is not a certification authority id (letters and digits)`;
  return null;
}

/**
 * The file as it will be served: NFC, line endings made \n, trailing spaces cut; null when empty.
 * Every line must be blank, a comment, a record or a variable: the first that is not is refused
 * with BAD_USER_INPUT naming it (extensions.line, 1-based).
 */
export function cleanAdsTxt(value: string | null): string | null {
  if (value === null) return null;
  const text = nfc(value).replace(/\r\n?/g, '\n');
  if (textLength(text) > ADS_TXT_MAX_LENGTH) throw new BadInputError(`"adsTxt" must be at most ${formatCount(ADS_TXT_MAX_LENGTH)} characters`, 'adsTxt');
  const lines = text.split('\n').map((line) => line.trimEnd());
  lines.forEach((line, i) => {
    const content = line.split('#')[0].trim();
    if (content === '') return;
    const problem = problemOf(content);
    if (problem) throw new BadInputError(`ads.txt line ${i + 1} ("${line.trim().slice(0, 200)}"): ${problem}`, 'adsTxt', { line: i + 1 });
  });
  const cleaned = lines.join('\n').trim();
  return cleaned === '' ? null : `${cleaned}\n`;
}
