import { createHmac } from 'node:crypto';
import http from 'node:http';
import { eventually, startReceiver, type ReceivedDelivery } from '../helpers/webhooks';
import { processedArticles, receiptFigures } from '../reliability/lib/webhook-receipts';

const SECRET = 'whsec_test';

function post(url: string, id: string): http.ClientRequest {
  const body = JSON.stringify({ id, type: 'article.published', createdAt: new Date().toISOString(), data: { articleId: `article-${id}` } });
  const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': id } });
  request.on('error', () => undefined);
  request.end(body);
  return request;
}

describe('the receiver records whether its answer reached the sender', () => {
  test('an answered request gets answeredAt; one whose sender hangs up first is unanswered, without answeredAt', async () => {
    const receiver = await startReceiver();
    receiver.delayMs = (index) => (index === 0 ? 0 : 500);
    try {
      post(receiver.url, 'answered').on('response', (response) => response.resume());
      await eventually(() => receiver.received[0]?.answeredAt !== undefined);
      const hungUp = post(receiver.url, 'hung-up');
      await eventually(() => receiver.received.length === 2);
      hungUp.destroy();
      await eventually(() => receiver.received[1].unanswered !== undefined);
      expect(receiver.received.map((r) => ({ id: r.json.id, answered: r.answeredAt !== undefined, unanswered: r.unanswered }))).toEqual([
        { id: 'answered', answered: true, unanswered: false },
        { id: 'hung-up', answered: false, unanswered: true },
      ]);
    } finally {
      await receiver.close();
    }
  });
});

function receipt(id: string, arrivedAt: number, answeredAt?: number): ReceivedDelivery {
  const body = JSON.stringify({ id, type: 'article.published', createdAt: '2026-12-02T00:00:00.000Z', data: { articleId: `article-${id}` } });
  const timestamp = '1700000000';
  const signature = `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
  return {
    path: '/hooks',
    headers: { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
    body,
    json: JSON.parse(body) as ReceivedDelivery['json'],
    arrivedAt,
    answeredAt,
    unanswered: answeredAt === undefined,
  };
}

describe('receipts read against the kill (at 1000)', () => {
  const received = [
    receipt('a', 100, 400),
    receipt('b', 900, 995), // answered 5 ms before the kill, not recorded: sent again
    receipt('c', 950), // the kill cut it: retried
    receipt('b', 40_000, 40_300),
    receipt('c', 40_000, 40_250),
  ];

  test('in flight, acknowledged twice with the lead over the kill, and retries after an unanswered attempt', () => {
    expect(receiptFigures(received, SECRET, 1000)).toEqual({
      receipts: 5,
      acknowledgedReceipts: 4,
      unansweredReceipts: 1,
      inFlightAtKill: 1,
      distinctAcknowledged: 3,
      acknowledgedTwice: [{ webhookId: 'b', acknowledgments: 2, firstAckBeforeKillMs: 5 }],
      retriesAfterUnacknowledged: 1,
      invalidSignatures: 0,
    });
  });

  test('a signature made with another secret, or a body id other than the webhook-id header, is invalid', () => {
    const renamed = { ...receipt('d', 100, 200), headers: { ...receipt('d', 100, 200).headers, 'webhook-id': 'e' } };
    expect(receiptFigures([receipt('a', 100, 200), renamed], 'whsec_other', 1000).invalidSignatures).toBe(2);
    expect(receiptFigures([receipt('a', 100, 200), renamed], SECRET, 1000).invalidSignatures).toBe(1);
  });

  test('deduplicating by webhook-id processes each article once', () => {
    expect(Object.fromEntries(processedArticles(received))).toEqual({ 'article-a': 1, 'article-b': 1, 'article-c': 1 });
  });
});
