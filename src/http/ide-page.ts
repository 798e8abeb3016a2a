/**
 * The GraphiQL page and the two small files of our own it loads. They live in strings (not in
 * .js/.css files) so that `tsc` carries them into dist/ and the runtime image needs no src/.
 */

/** The endpoint GraphiQL talks to; the page is served from it too, so it is same-origin. */
export const IDE_ENDPOINT = '/graphql';

/**
 * Scripts only from our own origin (no inline script, no eval). Styles allow inline because
 * GraphiQL's components (Radix, CodeMirror) set style attributes and inject <style> elements;
 * its fonts are data: URLs inside graphiql.min.css.
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

export const IDE_CSS = `html, body { height: 100%; margin: 0; }
#graphiql { height: 100vh; }
`;

/**
 * Our own fetcher rather than GraphiQL.createFetcher: it sends the session cookie
 * (credentials: 'same-origin') and the headers typed into GraphiQL's header editor, and turns a
 * non-JSON answer (a proxy error page, say) into a readable GraphQL error instead of a parse failure.
 * Header persistence stays off (GraphiQL's default) so tokens are not written to localStorage.
 */
export const IDE_BOOTSTRAP_JS = `'use strict';
(function () {
  var endpoint = ${JSON.stringify(IDE_ENDPOINT)};

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
    React.createElement(GraphiQL, { fetcher: fetcher, defaultEditorToolsVisibility: true })
  );
})();
`;
