import { DELIVERY_STATUSES, type DeliveryStatus } from '../../api/types.ts';
import { searchText } from '../../lib/search-params.ts';

/** The delivery log's filters in the URL (`GET /deliveries` takes the same names). */
export type DeliveryLogSearch = {
  status?: DeliveryStatus;
  /** An incident key. */
  incident?: string;
  /** The policy's channel: email, chat, sms, voice, webhook, queue or app. */
  channel?: string;
  /** Part of the recipient's name or address. */
  recipient?: string;
};

export const DELIVERY_CHANNELS = ['email', 'chat', 'sms', 'voice', 'webhook', 'queue', 'app'] as const;

export function parseDeliveryLogSearch(s: Record<string, unknown>): DeliveryLogSearch {
  const out: DeliveryLogSearch = {};
  const status = DELIVERY_STATUSES.find((x) => x === s.status);
  if (status) out.status = status;
  const incident = searchText(s.incident, 64);
  if (incident) out.incident = incident.toUpperCase();
  const channel = DELIVERY_CHANNELS.find((x) => x === s.channel);
  if (channel) out.channel = channel;
  const recipient = searchText(s.recipient, 200);
  if (recipient) out.recipient = recipient;
  return out;
}
