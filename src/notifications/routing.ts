import {
  PERSONAL_CHANNELS,
  type PersonalChannel,
  personalChannelLabel,
  type Recipient,
} from '../directory/index.ts';
import type { ChannelKind } from './channel-config.ts';
import type { ChannelRow } from './channels.ts';

/** The policy's channel kinds (escalation steps, SLA notices, meetings). */
export type PolicyChannel = 'email' | 'chat' | 'sms' | 'voice' | 'webhook' | 'queue' | 'app';

export interface Route {
  channel: PolicyChannel;
  kind: ChannelKind | 'app' | 'queue';
  channelKey: string | null;
  address: string | null;
  /** queued: goes out through a job; delivered: stays in Cordon (app, queue); the others are final. */
  status: 'queued' | 'delivered' | 'suppressed' | 'unavailable';
  reason: string | null;
}

const CHAT_KINDS: readonly ChannelKind[] = [
  'slack-api',
  'slack-webhook',
  'teams-webhook',
  'mattermost-webhook',
];

/**
 * Where one policy channel goes for one recipient, given the configured channels. Out-of-band mode
 * (incident-response-plan, Compromised Communications) keeps everything off chat, webhooks and the normal
 * mail server: only the SMS gateway, the separate mail server and Cordon itself carry the incident.
 * Nothing is dropped silently: a channel that cannot be used comes back `unavailable` or `suppressed`
 * with the reason, for the timeline.
 */
export function routesFor(
  channel: PolicyChannel,
  recipient: Recipient,
  channels: readonly ChannelRow[],
  outOfBand: boolean,
): Route[] {
  const enabled = channels.filter((c) => c.enabled);
  const base = { channel, channelKey: null, address: null } as const;
  const unavailable = (reason: string, kind: Route['kind'] = 'app'): Route[] => [
    { ...base, kind, status: 'unavailable', reason },
  ];
  const suppressed = (reason: string, kind: Route['kind']): Route[] => [
    { ...base, kind, status: 'suppressed', reason },
  ];
  switch (channel) {
    case 'email': {
      const purpose = outOfBand ? 'out-of-band' : 'normal';
      const server = enabled.find((c) => c.kind === 'smtp' && c.purpose === purpose);
      if (!server) {
        return outOfBand
          ? suppressed('out-of-band: no separate mail server is configured (CORDON_OOB_SMTP_HOST)', 'smtp')
          : unavailable('no mail server is configured (CORDON_SMTP_HOST)', 'smtp');
      }
      const address = recipient.email;
      if (!address) return unavailable(`${recipient.name} has no e-mail address`, 'smtp');
      return [{ channel, kind: 'smtp', channelKey: server.key, address, status: 'queued', reason: null }];
    }
    case 'chat': {
      if (outOfBand)
        return suppressed('out-of-band: nothing about this incident goes to chat', 'slack-webhook');
      const providers = enabled.filter((c) => (CHAT_KINDS as readonly string[]).includes(c.kind));
      if (providers.length === 0) return unavailable('no chat channel is configured', 'slack-webhook');
      const routes: Route[] = [];
      // Slack's Web API messages the person directly (with a button); the incoming webhook is for those it
      // cannot reach (no member id, or no Web API). Teams and Mattermost are other systems: each gets it.
      const memberId =
        recipient.chatHandle && /^[UW][A-Z0-9]{2,}$/.test(recipient.chatHandle) ? recipient.chatHandle : null;
      const slackApi = memberId ? providers.find((p) => p.kind === 'slack-api') : undefined;
      for (const p of providers) {
        if (p.kind === 'slack-api' && p !== slackApi) continue;
        if (p.kind === 'slack-webhook' && slackApi) continue;
        const address = p.kind === 'slack-api' ? memberId : recipient.chatHandle;
        routes.push({ channel, kind: p.kind, channelKey: p.key, address, status: 'queued', reason: null });
      }
      if (routes.length === 0) return unavailable(`${recipient.name} has no Slack member id`, 'slack-api');
      return routes;
    }
    case 'webhook': {
      if (outOfBand)
        return suppressed('out-of-band: nothing about this incident goes to webhooks', 'webhook');
      const hooks = enabled.filter((c) => c.kind === 'webhook');
      if (hooks.length === 0) return unavailable('no webhook is configured', 'webhook');
      return hooks.map((h) => ({
        channel,
        kind: 'webhook',
        channelKey: h.key,
        address: null,
        status: 'queued',
        reason: null,
      }));
    }
    case 'sms':
    case 'voice': {
      const gateway = enabled.find((c) => c.kind === 'sms-gateway');
      if (!gateway)
        return unavailable('no SMS gateway is configured (CORDON_SMS_GATEWAY_URL)', 'sms-gateway');
      if (!recipient.phone) return unavailable(`${recipient.name} has no phone number`, 'sms-gateway');
      return [
        {
          channel,
          kind: 'sms-gateway',
          channelKey: gateway.key,
          address: recipient.phone,
          status: 'queued',
          reason: null,
        },
      ];
    }
    case 'queue':
      if (recipient.kind === 'team')
        return [
          {
            channel,
            kind: 'queue',
            channelKey: null,
            address: recipient.teamKey,
            status: 'delivered',
            reason: null,
          },
        ];
      return routesFor('app', recipient, channels, outOfBand);
    case 'app':
      if (recipient.kind === 'team' || recipient.userId)
        return [{ channel, kind: 'app', channelKey: null, address: null, status: 'delivered', reason: null }];
      return unavailable(`${recipient.name} has no Cordon account`);
  }
}

const isPersonal = (c: PolicyChannel): c is PersonalChannel =>
  (PERSONAL_CHANNELS as readonly string[]).includes(c);

/**
 * The routes of a notification's channels for one recipient, with the person's choice of channels applied
 * ("text me, don't call", the directory's `avoidChannels`). A channel the person avoids is not used — its
 * routes come back `suppressed`, "Carl CTO prefers not to be reached by voice" — when another of the
 * requested person-addressed channels (email, chat, sms, voice) goes out to them. When none does (they are
 * all avoided, or the others are unavailable or suppressed for this recipient), the avoided channels are
 * used anyway and say so: a preference never leaves a person unreached. The in-app inbox (`app`), team
 * queues and webhooks are neither affected nor counted as reaching the person. Out-of-band rules and
 * missing configuration or addresses come first: such a route keeps its own status and reason.
 */
export function routesWithPreferences(
  requested: readonly PolicyChannel[],
  recipient: Recipient,
  channels: readonly ChannelRow[],
  outOfBand: boolean,
  what = 'this step',
): Route[] {
  const planned = requested.map((channel) => ({
    channel,
    routes: routesFor(channel, recipient, channels, outOfBand),
  }));
  const avoid = new Set<PolicyChannel>(recipient.avoidChannels ?? []);
  if (avoid.size === 0) return planned.flatMap((p) => p.routes);
  const reaches = (routes: Route[]) => routes.some((r) => r.status === 'queued');
  const alternative = planned.some(
    (p) => isPersonal(p.channel) && !avoid.has(p.channel) && reaches(p.routes),
  );
  return planned.flatMap(({ channel, routes }) => {
    if (!isPersonal(channel) || !avoid.has(channel)) return routes;
    return routes.map((r): Route => {
      if (r.status !== 'queued') return r;
      return alternative
        ? {
            ...r,
            status: 'suppressed',
            reason: `${recipient.name} prefers not to be reached by ${personalChannelLabel[channel]}`,
          }
        : {
            ...r,
            reason: `used although ${recipient.name} avoids it: no other channel of ${what} reaches them`,
          };
    });
  });
}
