import { HttpReceiver } from './http-receiver.ts';

/**
 * The SMS and voice gateway Cordon speaks to (docs/escalation.md): POST JSON
 * `{ to, kind: 'sms' | 'voice', message, reference }` with a bearer token, answered
 * `{ id, status: 'queued' }`. `reference` is Cordon's delivery id, so a gateway drops duplicates.
 */
export interface SmsGatewayRequest {
  to: string;
  kind: 'sms' | 'voice';
  message: string;
  reference: string;
}
export interface SmsGatewayResponse {
  id: string;
  status: 'queued';
}

export class FakeSmsGateway {
  readonly http = new HttpReceiver();
  readonly messages: SmsGatewayRequest[] = [];
  /** Numbers the gateway cannot reach: answered 422, as gateways answer an invalid destination. */
  readonly unreachable = new Set<string>();
  readonly token: string;

  constructor(token = 'sms-test-token') {
    this.token = token;
    this.http.route('/messages', (r) => {
      if (r.headers.authorization !== `Bearer ${this.token}`)
        return { status: 401, body: '{"error":"unauthorized"}' };
      const body = JSON.parse(r.body) as SmsGatewayRequest;
      if (this.unreachable.has(body.to)) return { status: 422, body: '{"error":"destination unreachable"}' };
      this.messages.push(body);
      const answer: SmsGatewayResponse = { id: `sms-${this.messages.length}`, status: 'queued' };
      return { status: 202, body: JSON.stringify(answer) };
    });
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  get url(): string {
    return `${this.http.url}/messages`;
  }

  to(phone: string): SmsGatewayRequest[] {
    return this.messages.filter((m) => m.to === phone);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
