import { HttpReceiver, type ReceivedRequest, type Reply } from './http-receiver.ts';

/**
 * Slack, as far as Cordon uses it, typed against Slack's documented shapes: incoming webhooks
 * (POST a message to /services/…, answered "ok") and the Web API methods chat.postMessage,
 * conversations.create and conversations.invite (POST JSON with a bearer token, answered
 * `{ ok: true, … }` or `{ ok: false, error }` with HTTP 200, as Slack does).
 */
export interface SlackBlock {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; action_id?: string; value?: string; url?: string; text?: { text: string } }[];
}
export interface ChatPostMessageArguments {
  channel: string;
  text?: string;
  blocks?: SlackBlock[];
}
export interface ChatPostMessageResponse {
  ok: true;
  channel: string;
  ts: string;
  message: { text: string; ts: string };
}
export interface ConversationsCreateArguments {
  name: string;
  is_private?: boolean;
}
export interface ConversationsCreateResponse {
  ok: true;
  channel: { id: string; name: string; is_channel: boolean; is_private: boolean; created: number };
}
export interface ConversationsInviteArguments {
  channel: string;
  /** Comma-separated member ids. */
  users: string;
}
export interface SlackError {
  ok: false;
  error: string;
}
export interface WebhookMessage {
  text?: string;
  blocks?: SlackBlock[];
}

export class FakeSlack {
  readonly http = new HttpReceiver();
  readonly posted: ChatPostMessageArguments[] = [];
  readonly channels: { id: string; name: string; is_private: boolean; members: string[] }[] = [];
  readonly webhookMessages: WebhookMessage[] = [];
  /** Member ids Slack does not know (deactivated accounts): chat.postMessage answers channel_not_found. */
  readonly unknownMembers = new Set<string>();
  readonly token: string;
  #ts = 1_700_000_000;

  constructor(token = 'xoxb-test-token') {
    this.token = token;
    this.http
      .route('/services/', (r) => {
        this.webhookMessages.push(JSON.parse(r.body) as WebhookMessage);
        return { status: 200, body: 'ok', contentType: 'text/plain' };
      })
      .route('/api/chat.postMessage', (r) => this.#api(r, (a: ChatPostMessageArguments) => this.#post(a)))
      .route('/api/conversations.create', (r) =>
        this.#api(r, (a: ConversationsCreateArguments) => this.#create(a)),
      )
      .route('/api/conversations.invite', (r) =>
        this.#api(r, (a: ConversationsInviteArguments) => this.#invite(a)),
      );
  }

  async start(): Promise<this> {
    await this.http.start();
    return this;
  }

  get apiUrl(): string {
    return `${this.http.url}/api`;
  }
  get webhookUrl(): string {
    return `${this.http.url}/services/T000/B000/secret`;
  }

  /** Direct messages and channel posts to a member or channel id. */
  messagesTo(channel: string): ChatPostMessageArguments[] {
    return this.posted.filter((m) => m.channel === channel);
  }

  close(): Promise<void> {
    return this.http.close();
  }

  #api<A>(r: ReceivedRequest, handle: (args: A) => object | SlackError): Reply {
    if (r.headers.authorization !== `Bearer ${this.token}`)
      return { status: 200, body: JSON.stringify({ ok: false, error: 'invalid_auth' } satisfies SlackError) };
    return { status: 200, body: JSON.stringify(handle(JSON.parse(r.body) as A)) };
  }

  #post(a: ChatPostMessageArguments): ChatPostMessageResponse | SlackError {
    if (!a.channel || this.unknownMembers.has(a.channel)) return { ok: false, error: 'channel_not_found' };
    this.posted.push(a);
    const ts = `${this.#ts++}.000100`;
    return { ok: true, channel: a.channel, ts, message: { text: a.text ?? '', ts } };
  }

  #create(a: ConversationsCreateArguments): ConversationsCreateResponse | SlackError {
    if (this.channels.some((c) => c.name === a.name)) return { ok: false, error: 'name_taken' };
    const channel = {
      id: `C${String(this.channels.length + 1).padStart(8, '0')}`,
      name: a.name,
      is_private: a.is_private ?? false,
      members: [],
    };
    this.channels.push(channel);
    return {
      ok: true,
      channel: {
        id: channel.id,
        name: channel.name,
        is_channel: true,
        is_private: channel.is_private,
        created: 0,
      },
    };
  }

  #invite(a: ConversationsInviteArguments): object | SlackError {
    const channel = this.channels.find((c) => c.id === a.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    channel.members.push(...a.users.split(','));
    return { ok: true, channel: { id: channel.id, name: channel.name } };
  }
}
