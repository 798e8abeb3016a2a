import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * A regular desktop Chrome's user agent. Headless Chromium announces itself as "HeadlessChrome",
 * which Bulletin's bot filter (isbot) rightly refuses to count; the tests stand in for readers.
 */
export function readerUserAgent(tag: string): string {
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 reader/${tag}`;
}

/** Debian's chromium (`apt-get install -y chromium`), or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not this name: try the next
    }
  }
  throw new Error('The browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // As root (CI, containers) Chromium's sandbox cannot start; the pages are our own.
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
}

// The few browser objects the page functions below touch: the test program has no DOM library
// (it would retype Node's own fetch and Buffer), so these are declared for this module only.
interface PageElement {
  compareDocumentPosition(other: PageElement): number;
}
interface PageImage extends PageElement {
  complete: boolean;
  naturalWidth: number;
  currentSrc: string;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageImage>;
};
/** Node.DOCUMENT_POSITION_FOLLOWING */
const FOLLOWING = 4;

/** Every image matching the selector (at least one) has loaded and decoded to a real size. */
export async function imagesLoaded(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const images = Array.from(document.querySelectorAll(css));
    return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
  }, selector);
}

/** Waits until every image matching the selector has loaded (lazy ones after scrolling to them). */
export async function waitForImages(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((css) => {
    const images = Array.from(document.querySelectorAll(css));
    return images.length > 0 && images.every((image) => image.complete && image.naturalWidth > 0);
  }, selector);
}

/** The URL the browser chose for the first matching image (from srcset when it has one). */
export async function currentSource(page: Page, selector: string): Promise<string> {
  return page.evaluate((css) => document.querySelectorAll(css)[0]?.currentSrc ?? '', selector);
}

/** True when the first element of each selector exists and they come in this order in the document. */
export async function inDocumentOrder(page: Page, selectors: string[]): Promise<boolean> {
  return page.evaluate(
    ({ list, following }) =>
      list.every((selector, index) => {
        const current = document.querySelector(selector);
        if (!current) return false;
        const previous = index === 0 ? null : document.querySelector(list[index - 1]);
        return index === 0 || (!!previous && (previous.compareDocumentPosition(current) & following) !== 0);
      }),
    { list: selectors, following: FOLLOWING },
  );
}
