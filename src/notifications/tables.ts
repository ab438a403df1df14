import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

/**
 * Configured channels: a mail server, Slack (webhook or Web API), Teams and Mattermost webhooks, generic
 * signed webhooks, an SMS/voice gateway. Credentials are stored encrypted (AES-256-GCM, CORDON_SECRET_KEY);
 * `settings` holds only what is not secret.
 */
export const notificationChannels = pgTable('notification_channels', {
  key: text('key').primaryKey(),
  kind: text('kind', {
    enum: [
      'smtp',
      'slack-webhook',
      'slack-api',
      'teams-webhook',
      'mattermost-webhook',
      'webhook',
      'sms-gateway',
    ],
  }).notNull(),
  /** normal, or out-of-band: used only for incidents whose communications may be compromised. */
  purpose: text('purpose', { enum: ['normal', 'out-of-band'] }).notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  /** `v1.<iv>.<tag>.<ciphertext>` of the JSON credentials; null when the channel has none. */
  secret: text('secret'),
  enabled: boolean('enabled').notNull().default(true),
  /** env: from environment variables (rewritten at each start); api: managed through the API. */
  source: text('source', { enum: ['env', 'api'] }).notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * One message to one recipient through one channel: what was sent, and what became of it. The rendered
 * message is stored, so a retry sends exactly what was recorded.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey(),
    /** Deterministic: the same notification asked for twice is one delivery. */
    key: text('key').notNull(),
    /** Insertion order, for stable lists. */
    ord: integer('ord').generatedAlwaysAsIdentity(),
    pageId: uuid('page_id'),
    incidentId: uuid('incident_id'),
    eventId: uuid('event_id'),
    /** page | sla | meeting | out-of-band | chat-room | test */
    purpose: text('purpose').notNull(),
    /** The policy's channel kind: email, chat, sms, voice, webhook, queue, app. */
    channel: text('channel').notNull(),
    /** The configured channel it goes through (null for app and queue, which stay inside Cordon). */
    channelKey: text('channel_key'),
    recipientKey: text('recipient_key').notNull(),
    recipientName: text('recipient_name').notNull(),
    userId: uuid('user_id'),
    teamKey: text('team_key'),
    address: text('address'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** queued → sending → delivered | retrying → … → dead; suppressed and unavailable are final. */
    status: text('status', {
      enum: ['queued', 'sending', 'retrying', 'delivered', 'dead', 'suppressed', 'unavailable'],
    }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Why a delivery that goes out was routed as it was (a channel the person avoids, used anyway). */
    note: text('note'),
    providerRef: text('provider_ref'),
    createdAt: ts('created_at').notNull(),
    lastAttemptAt: ts('last_attempt_at'),
    deliveredAt: ts('delivered_at'),
    readAt: ts('read_at'),
  },
  (t) => [
    uniqueIndex('deliveries_key_key').on(t.key),
    index('deliveries_page_idx').on(t.pageId),
    index('deliveries_incident_idx').on(t.incidentId, t.ord),
    index('deliveries_status_idx').on(t.status, t.ord),
    index('deliveries_user_idx').on(t.userId, t.ord),
    index('deliveries_team_idx').on(t.teamKey, t.ord),
  ],
);

/** Incidents whose communications may be compromised: out-of-band mode and who switched it, when, why. */
export const incidentComms = pgTable('incident_comms', {
  incidentId: uuid('incident_id').primaryKey(),
  outOfBand: boolean('out_of_band').notNull(),
  reason: text('reason'),
  changedBy: uuid('changed_by'),
  changedAt: ts('changed_at').notNull(),
});

/** The dedicated chat channel of an incident ("a dedicated Slack channel will be created"). */
export const chatRooms = pgTable('chat_rooms', {
  incidentId: uuid('incident_id').primaryKey(),
  channelKey: text('channel_key').notNull(),
  roomId: text('room_id').notNull(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull(),
});
