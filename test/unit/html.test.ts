import { countWords, escapeHtml, htmlToPlainText, sanitizeArticleHtml } from '../../src/shared/html';

const MEDIA_PREFIX = 'https://tin.example.vn/media/';
const KEY = `${'a'.repeat(64)}.png`;
const clean = (html: string) => sanitizeArticleHtml(html, { mediaUrlPrefix: MEDIA_PREFIX });

describe('sanitizeArticleHtml', () => {
  test('removes an image with a foreign source and its event handler', () => {
    expect(clean('<img src=x onerror=alert(1)>')).toBe('');
    expect(clean('<p>Ảnh<img src="https://evil.example/a.png"></p>')).toBe('<p>Ảnh</p>');
  });

  test('keeps media images (relative or under the media prefix) with alt and numeric size only', () => {
    expect(clean(`<img src="/media/${KEY}" alt="Ảnh" width="800" height="533" style="border:0" onload="x()" class="c">`)).toBe(
      `<img src="/media/${KEY}" alt="Ảnh" width="800" height="533" />`,
    );
    expect(clean(`<img src="${MEDIA_PREFIX}${KEY}" width="100%">`)).toBe(`<img src="${MEDIA_PREFIX}${KEY}" />`);
  });

  test('refuses media paths that leave the media folder', () => {
    expect(clean('<img src="/media/../secret.png">')).toBe('');
    expect(clean('<img src="/media/a/b.png">')).toBe('');
    expect(clean('<img src="//evil.example/media/x.png">')).toBe('');
  });

  test('drops javascript: links, whatever their spelling, and keeps the text', () => {
    expect(clean('<a href="javascript:alert(1)">bấm</a>')).toBe('<a>bấm</a>');
    expect(clean('<a href=" JaVaScRiPt:alert(1)">bấm</a>')).toBe('<a>bấm</a>');
    expect(clean('<a href="data:text/html,<script>alert(1)</script>">x</a>')).toBe('<a>x</a>');
  });

  test('keeps http, https and mailto links, adding rel for links that open a new tab', () => {
    expect(clean('<a href="https://haiphong.gov.vn" target="_blank" rel="opener">Cổng</a>')).toBe(
      '<a href="https://haiphong.gov.vn" target="_blank" rel="noopener noreferrer">Cổng</a>',
    );
    expect(clean('<a href="mailto:toasoan@example.vn" target="_top" onclick="x()">Thư</a>')).toBe('<a href="mailto:toasoan@example.vn">Thư</a>');
  });

  test('removes scripts, styles and iframes together with their content', () => {
    expect(clean('<p>a<script>alert(1)</script>b</p><style>p{}</style><iframe src="https://evil.example">x</iframe>')).toBe('<p>ab</p>');
  });

  test('removes style and class attributes and tags outside the allowlist, keeping their text', () => {
    expect(clean('<h1 style="color:red">Tiêu đề</h1><div class="x"><p style="x">Đoạn</p></div>')).toBe('Tiêu đề<p>Đoạn</p>');
  });

  test('keeps the structure a news article needs', () => {
    const html =
      '<h2>Mục</h2><p><strong>đậm</strong> <em>nghiêng</em> <u>gạch</u> <s>xóa</s><br /></p><blockquote>Trích</blockquote>' +
      '<ul><li>một</li></ul><ol><li>hai</li></ol><figure><img src="/media/' + KEY + '" alt="" /><figcaption>Chú thích</figcaption></figure>' +
      '<table><thead><tr><th colspan="2">A</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table><hr /><pre><code>x</code></pre>';
    expect(clean(html)).toBe(html);
  });

  test('keeps nested Vietnamese text byte for byte, in NFC', () => {
    const text = 'Quận Dương Kinh tổ chức Ngày hội hiến máu tình nguyện năm 2022';
    const html = `<p>${text} <strong>Lượt xem: <em>112 – “Quốc Vũ”</em></strong></p>`;
    expect(Buffer.from(clean(html))).toEqual(Buffer.from(html));
    expect(clean(html.normalize('NFD'))).toBe(html.normalize('NFC'));
  });
});

describe('htmlToPlainText', () => {
  test('returns the text with entities decoded and whitespace collapsed', () => {
    expect(htmlToPlainText('<p>Hiến &amp; máu</p>\n<p>a&lt;b&gt; &quot;c&quot;&nbsp;&nbsp; d</p>')).toBe('Hiến & máu a<b> "c" d');
  });

  test('separates blocks and drops scripts', () => {
    expect(htmlToPlainText('<p>một</p><p>hai</p><script>alert(1)</script><figure><img src="/media/x.png"><figcaption>ba</figcaption></figure>')).toBe('một hai ba');
  });

  test('gives NFC text', () => {
    expect(htmlToPlainText('<p>Quốc Vũ</p>'.normalize('NFD'))).toBe('Quốc Vũ');
  });
});

describe('countWords', () => {
  test('counts words (Vietnamese syllables) and ignores bare punctuation', () => {
    expect(countWords('Ngày hội hiến máu - năm 2022 ./.')).toBe(6);
    expect(countWords('  ')).toBe(0);
  });
});

test('escapeHtml escapes markup and quotes', () => {
  expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
