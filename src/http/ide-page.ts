/**
 * The GraphiQL page and the two small files of our own it loads. They live in strings (not in
 * .js/.css files) so that `tsc` carries them into dist/ and the runtime image needs no src/.
 */

/** The endpoint GraphiQL talks to; the page is served from it too, so it is same-origin. */
export const IDE_ENDPOINT = '/graphql';

/**
 * Scripts only from our own origin (no inline script, no eval). Styles allow inline because
 * GraphiQL's components (Radix, CodeMirror) set style attributes and inject <style> elements.
 * Fonts: ours from /ide/ ('self'); GraphiQL's own (Roboto, Fira Code) are data: URLs inside
 * graphiql.min.css, no longer used once ide.css overrides the families, but declared there.
 */
export const IDE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Scripts are deferred, so they run in document order after parsing: React, ReactDOM, GraphiQL, then ours. */
export const IDE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bulletin GraphQL IDE</title>
<link rel="stylesheet" href="/ide/graphiql.min.css">
<link rel="stylesheet" href="/ide/ide.css">
<script defer src="/ide/react.production.min.js"></script>
<script defer src="/ide/react-dom.production.min.js"></script>
<script defer src="/ide/graphiql.min.js"></script>
<script defer src="/ide/bootstrap.js"></script>
</head>
<body>
<div id="graphiql">Loading the GraphQL IDE…</div>
<noscript>The GraphQL IDE needs JavaScript. The API itself is at POST ${IDE_ENDPOINT}.</noscript>
</body>
</html>
`;

/**
 * The IDE's fonts. GraphiQL's bundled Fira Code and Roboto have no Vietnamese letters (ổ, ư, đ)
 * and no combining marks, so the browser takes those from another font and "tổ chức" renders
 * with detached diacritics. Noto Sans and Noto Sans Mono cover Vietnamese fully; they come from
 * the @fontsource packages, split by subset as fontsource splits them (the browser downloads a
 * subset only when the text on screen needs one of its characters). GraphiQL uses weights 400
 * (text, and every editor) and 500 (tabs, buttons).
 */
export interface IdeFont {
  /** The CSS family name (the same as fontsource's). */
  family: string;
  /** The npm package that ships the file. */
  pkg: string;
  /** fontsource's file name stem: "<pkg name>-<subset>-<weight>-normal". */
  stem: string;
  subset: FontSubset;
  weight: number;
}

type FontSubset = 'latin' | 'latin-ext' | 'vietnamese';

/**
 * fontsource's unicode-range per subset (identical for Noto Sans and Noto Sans Mono; a test
 * checks them against the installed packages' CSS). Where ranges overlap, the face declared last
 * wins, so the faces are declared in fontsource's order: vietnamese, latin-ext, latin.
 */
export const FONT_SUBSET_RANGES: Readonly<Record<FontSubset, string>> = {
  vietnamese: 'U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB',
  'latin-ext':
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  latin:
    'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
};

const SUBSETS: readonly FontSubset[] = ['vietnamese', 'latin-ext', 'latin'];

function faces(family: string, pkg: string, weights: number[]): IdeFont[] {
  const name = pkg.slice(pkg.indexOf('/') + 1);
  return weights.flatMap((weight) => SUBSETS.map((subset) => ({ family, pkg, stem: `${name}-${subset}-${weight}-normal`, subset, weight })));
}

export const IDE_FONTS: readonly IdeFont[] = [
  ...faces('Noto Sans Mono', '@fontsource/noto-sans-mono', [400]),
  ...faces('Noto Sans', '@fontsource/noto-sans', [400, 500]),
];

/** Where the page finds a font: flat, exact names under /ide/, like every other asset. */
export function fontUrl(font: IdeFont): string {
  return `/ide/${font.stem}.woff2`;
}

const FONT_FACES = IDE_FONTS.map(
  (font) => `@font-face {
  font-family: '${font.family}';
  font-style: normal;
  font-display: swap;
  font-weight: ${font.weight};
  src: url(${fontUrl(font)}) format('woff2');
  unicode-range: ${FONT_SUBSET_RANGES[font.subset]};
}
`,
).join('');

/**
 * GraphiQL 3 sets its fonts through two variables, declared on these selectors in
 * graphiql.min.css: --font-family-mono for every CodeMirror editor (query, variables, headers,
 * results) and the history, --font-family for the rest. ide.css is linked after it, so the
 * same selectors win.
 */
export const IDE_CSS = `${FONT_FACES}
.graphiql-container,
.CodeMirror-info,
.CodeMirror-lint-tooltip,
.graphiql-dialog,
.graphiql-dialog-overlay,
.graphiql-tooltip,
[data-radix-popper-content-wrapper] {
  --font-family: 'Noto Sans', system-ui, sans-serif;
  --font-family-mono: 'Noto Sans Mono', ui-monospace, monospace;
}

html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
`;

/** The seeded article (seeds/bulletin.txt), so the example answers on a fresh development database. */
export const EXAMPLE_ARTICLE_SLUG = 'quan-duong-kinh-to-chuc-ngay-hoi-hien-mau-tinh-nguyen-nam-2022';

/** What a new tab holds: a working example of the hot public reads, and how to send a token. */
export const IDE_DEFAULT_QUERY = `# Bulletin GraphQL API
#
# Run the query below with the ▶ button (Ctrl-Enter): the homepage's latest
# articles with their category, author and cover, and one article by its slug.
# Docs (top left) lists every field; Ctrl-Space completes as you type.
#
# Signed in: get a token with
#   mutation { login(email: "you@example.com", password: "…") { token expiresAt } }
# then open the Headers tab below and send it as
#   {"Authorization": "Bearer <token>"}
# Headers are not saved in this browser: paste the token again after a reload.
#
# Search is accent-insensitive: articles(filter: { search: "hiến máu" }).

query Homepage {
  latest: articles(first: 10) {
    nodes {
      title
      slug
      excerpt
      publishedAt
      viewCount
      category { name slug }
      author { displayName slug }
      coverImage { url(width: 640) alt width height }
    }
    pageInfo { hasNextPage endCursor }
  }
  article(slug: "${EXAMPLE_ARTICLE_SLUG}") {
    title
    excerpt
    body
    tags
    publishedAt
    readingTimeMinutes
    category { name slug parent { name slug } }
    author { displayName }
    coverImage { url(width: 1280) srcSet alt caption }
  }
}
`;

/** GraphiQL 3.8 props (see GraphiQLProps in graphiql/dist/GraphiQL.d.ts). */
export const IDE_PROPS = {
  defaultQuery: IDE_DEFAULT_QUERY,
  // GraphiQL JSON.parses the header editor before every request: a comment in it would break
  // them all, so the hint lives in the query's comment and the editor starts empty.
  defaultHeaders: '',
  isHeadersEditorEnabled: true,
  // Tokens stay out of localStorage.
  shouldPersistHeaders: false,
  // Opens the variables/headers pane on the Headers tab, where the token goes.
  defaultEditorToolsVisibility: 'headers',
} as const;

/**
 * Our own fetcher rather than GraphiQL.createFetcher: it sends the headers typed into GraphiQL's
 * header editor (the bearer token; Bulletin has no cookies), and turns a non-JSON answer (a proxy error page, say) into a readable GraphQL error instead of a parse failure.
 * Header persistence stays off (IDE_PROPS) so tokens are not written to localStorage.
 */
export const IDE_BOOTSTRAP_JS = `'use strict';
(function () {
  var endpoint = ${JSON.stringify(IDE_ENDPOINT)};
  var props = ${JSON.stringify(IDE_PROPS, null, 2).replace(/\n/g, '\n  ')};

  function stringHeaders(given) {
    var out = {};
    if (given && typeof given === 'object') {
      Object.keys(given).forEach(function (name) {
        if (given[name] !== undefined && given[name] !== null) out[name] = String(given[name]);
      });
    }
    return out;
  }

  async function fetcher(params, options) {
    var headers = Object.assign(
      { accept: 'application/graphql-response+json, application/json', 'content-type': 'application/json' },
      stringHeaders(options && options.headers)
    );
    var response = await fetch(endpoint, {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers,
      body: JSON.stringify(params),
    });
    var text = await response.text();
    try {
      return JSON.parse(text);
    } catch (e) {
      return { errors: [{ message: 'HTTP ' + response.status + ': ' + text.slice(0, 500) }] };
    }
  }

  var container = document.getElementById('graphiql');
  container.textContent = '';
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, Object.assign({ fetcher: fetcher }, props))
  );
})();
`;
