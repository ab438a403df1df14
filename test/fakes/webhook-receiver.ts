import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpReceiver, type ReceivedRequest } from './http-receiver.ts';

/** What a receiver of Cordon's generic webhooks checks: `X-Cordon-Signature: t=<unix>,v1=<hex HMAC>`. */
export function verifyCordonSignature(secret: string, request: ReceivedRequest): boolean {
  const header = String(request.headers['x-cordon-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match?.[1] || !match[2]) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${request.body}`).digest();
  const given = Buffer.from(match[2], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Generic webhooks, Microsoft Teams and Mattermost incoming webhooks: each answers 200 and records. */
export class FakeWebhooks {
  readonly http = new HttpReceiver();

  constructor() {
    this.http
      .route('/hook', () => ({ status: 200, body: '{"received":true}' }))
      .route('/teams', () => ({ status: 200, body: '1', contentType: 'text/plain' }))
      .route('/mattermost', () => ({ status: 200, body: 'ok', contentType: 'text/plain' }));
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  get hookUrl(): string {
    return `${this.http.url}/hook`;
  }
  get teamsUrl(): string {
    return `${this.http.url}/teams/webhookb2/abc`;
  }
  get mattermostUrl(): string {
    return `${this.http.url}/mattermost/hooks/xyz`;
  }

  /** Generic webhook bodies, parsed. */
  hooks(): Record<string, unknown>[] {
    return this.http
      .received('/hook')
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body) as Record<string, unknown>);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
