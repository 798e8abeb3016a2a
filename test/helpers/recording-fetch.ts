export interface SentRequest {
  method: string;
  url: URL;
}

/** The real fetch, writing down each request's method and URL (what a client sent, not a mock). */
export function recordingFetch(): { fetch: typeof fetch; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const recorder: typeof fetch = (input, init) => {
    sent.push({ method: init?.method ?? 'GET', url: new URL(String(input)) });
    return fetch(input, init);
  };
  return { fetch: recorder, sent };
}
