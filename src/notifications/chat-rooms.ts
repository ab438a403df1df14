import { randomBytes } from 'node:crypto';
import { type Actor, systemActor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { ChatRoom } from '../app/api-types-escalation.ts';
import type { AppDeps } from '../app/deps.ts';
import { appendAudit } from '../audit/append.ts';
import { type Recipient, resolveTargets } from '../directory/index.ts';
import { findIncidentById, type IncidentRow, loadIncident } from '../incidents/index.ts';
import { announceChange } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { type BatchHandler, oneByOne } from '../platform/jobs/jobs.ts';
import type { EscalationTarget } from '../policy/schema.ts';
import { getPolicyVersion } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import type { ChannelOf } from './channel-config.ts';
import { channelConfig, listChannelRows } from './channels.ts';
import { DELIVERY_QUEUE } from './notify.ts';
import { isOutOfBand } from './out-of-band.ts';
import { slackApi } from './senders.ts';
import { findChatRoom, insertChatRoom, insertDelivery } from './store.ts';
import { incidentTargetContext } from './subjects.ts';

export const CHAT_ROOM_QUEUE = 'cordon-chat-room';
type Deps = Pick<AppDeps, 'db' | 'clock' | 'jobs' | 'config'>;

async function slackChannel(tx: Tx, secretKey: string | null): Promise<ChannelOf<'slack-api'> | null> {
  const row = (await listChannelRows(tx)).find((c) => c.kind === 'slack-api' && c.enabled);
  return row ? (channelConfig(row, secretKey) as ChannelOf<'slack-api'>) : null;
}

/**
 * Asks for the incident's dedicated chat channel ("If necessary, a dedicated Slack channel will be created
 * for the incident"), in the caller's transaction. The channel is opened by a job (Slack's Web API is not
 * called inside a database transaction). Returns false when it cannot be: no Slack Web API, out-of-band,
 * or already open.
 */
export async function requestChatRoom(
  tx: Tx,
  deps: Deps,
  incident: IncidentRow,
  actorId: string | null,
): Promise<boolean> {
  if (await findChatRoom(tx, incident.id)) return false;
  if (await isOutOfBand(tx, incident.id)) return false;
  if (!(await listChannelRows(tx)).some((c) => c.kind === 'slack-api' && c.enabled)) return false;
  await deps.jobs.enqueue(tx, CHAT_ROOM_QUEUE, incident.id, { incidentId: incident.id });
  await appendTimeline(tx, {
    incidentId: incident.id,
    kind: 'chat.room_requested',
    at: deps.clock.now(),
    actorId,
    data: {},
  });
  return true;
}

/** The incident's dedicated chat channel, if it has one, and whether one can be opened (the web app). */
export function getChatRoom(deps: Pick<AppDeps, 'db'>, actor: Actor, key: string): Promise<ChatRoom> {
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: false });
    const room = await findChatRoom(tx, row.id);
    const reason = room
      ? null
      : (await isOutOfBand(tx, row.id))
        ? `${row.key} is out-of-band: it gets no chat channel.`
        : (await listChannelRows(tx)).some((c) => c.kind === 'slack-api' && c.enabled)
          ? null
          : "Slack's Web API is not configured (CORDON_SLACK_TOKEN).";
    return {
      incidentKey: row.key,
      room: room
        ? {
            name: room.name,
            roomId: room.roomId,
            channel: room.channelKey,
            openedAt: room.createdAt.toISOString(),
          }
        : null,
      canOpen: !room && reason === null,
      reason,
    };
  });
}

/** The API: a responder asks for a dedicated channel for any incident. */
export function openChatRoom(deps: Deps, actor: Actor, key: string): Promise<{ requested: boolean }> {
  assertCan(actor, 'incident.update');
  return withTransaction(deps.db, async (tx) => {
    const { row } = await loadIncident(tx, actor, key, { lock: true });
    if (await isOutOfBand(tx, row.id))
      throw new AppError('chat.not_configured', `${row.key} is out-of-band: it gets no chat channel.`);
    if (await findChatRoom(tx, row.id)) return { requested: false };
    const requested = await requestChatRoom(tx, deps, row, actor.userId);
    if (!requested)
      throw new AppError('chat.not_configured', "Slack's Web API is not configured (CORDON_SLACK_TOKEN).");
    await appendAudit(tx, actor, deps.clock.now(), {
      action: 'chat.room_requested',
      targetType: 'incident',
      targetId: row.key,
      incidentId: row.id,
    });
    await announceChange(tx, { kind: 'incident', key: row.key, id: row.id, visibility: row.visibility });
    return { requested: true };
  });
}

const roomName = (key: string, suffix = '') => `${key.toLowerCase()}${suffix}`;

/** Job: creates the channel, invites the responders who have Slack member ids, posts the summary. */
export function chatRoomHandler(deps: Deps): BatchHandler<{ incidentId: string }> {
  return oneByOne(async (item) => {
    const n = deps.config.notifications;
    const prepared = await withTransaction(deps.db, async (tx) => {
      const incident = await findIncidentById(tx, item.data.incidentId);
      if (!incident || (await findChatRoom(tx, incident.id)) || (await isOutOfBand(tx, incident.id)))
        return null;
      const slack = await slackChannel(tx, n.secretKey);
      if (!slack) return null;
      const policy = await getPolicyVersion(tx, incident.policyVersion);
      const ctx = await incidentTargetContext(tx, incident, deps.clock.now());
      // The responders: the incident's participants and whoever the policy lets see every incident (the
      // Security Delegate in the presets).
      const targets: EscalationTarget[] = [
        ...policy.document.access.restrictedReaders.map((role) => ({ role })),
        { relation: 'incident-participants' },
      ];
      const { recipients } = await resolveTargets(tx, policy.document, targets, ctx);
      return { incident, slack, recipients };
    });
    if (!prepared) return 'completed';
    const { incident, slack, recipients } = prepared;
    const timeout = n.delivery.timeoutMs;
    let created: Record<string, unknown>;
    try {
      created = await slackApi(
        slack,
        'conversations.create',
        { name: roomName(incident.key), is_private: incident.visibility === 'restricted' },
        timeout,
      );
    } catch (error) {
      if (!String(error).includes('name_taken')) throw error;
      const suffix = `-${randomBytes(2).toString('hex')}`;
      created = await slackApi(
        slack,
        'conversations.create',
        { name: roomName(incident.key, suffix), is_private: incident.visibility === 'restricted' },
        timeout,
      );
    }
    const room = created.channel as { id?: string; name?: string } | undefined;
    if (!room?.id) throw new Error('Slack conversations.create returned no channel id');
    const roomId = room.id;
    // Recorded before anything else is asked of Slack: a retry after a failed invitation must not open a
    // second channel (the handler returns early once the room is on record).
    await withTransaction(deps.db, (tx) =>
      insertChatRoom(tx, {
        incidentId: incident.id,
        channelKey: slack.key,
        roomId,
        name: room.name ?? roomName(incident.key),
        createdAt: deps.clock.now(),
      }),
    );
    const members = memberIds(recipients);
    const problems: string[] = [];
    const link = `${n.baseUrl}/incidents/${incident.key}`;
    const title = incident.visibility === 'restricted' ? incident.key : `${incident.key}: ${incident.title}`;
    for (const [method, body] of [
      ['conversations.invite', members.length > 0 ? { channel: roomId, users: members.join(',') } : null],
      ['chat.postMessage', { channel: roomId, text: `${title} (${incident.severity}). Record: ${link}` }],
    ] as const) {
      if (!body) continue;
      await slackApi(slack, method, body, timeout).catch((e: unknown) =>
        problems.push(`${method}: ${String(e)}`),
      );
    }
    await withTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      await appendTimeline(tx, {
        incidentId: incident.id,
        kind: 'chat.room_opened',
        at: now,
        actorId: null,
        data: {
          channel: room.name ?? null,
          roomId,
          invited: recipients.filter((r) => memberIds([r]).length > 0).map((r) => r.name),
          problems,
        },
      });
      await appendAudit(tx, systemActor(), now, {
        action: 'chat.room_opened',
        targetType: 'incident',
        targetId: incident.key,
        incidentId: incident.id,
      });
      // The incident page shows the channel as soon as it is open.
      await announceChange(tx, {
        kind: 'incident',
        key: incident.key,
        id: incident.id,
        visibility: incident.visibility,
      });
    });
    return 'completed';
  });
}

const memberIds = (recipients: readonly Recipient[]) =>
  recipients.flatMap((r) => (r.chatHandle && /^[UW][A-Z0-9]{2,}$/.test(r.chatHandle) ? [r.chatHandle] : []));

/**
 * Posts an update to the incident's dedicated channel, if it has one and is not out-of-band: acknowledgements,
 * escalations, SLA notices, and phase, severity and role changes (`escalation/room-updates.ts`). A delivery
 * like any other (retried, recorded); `key` makes it one per occurrence.
 */
export async function postToChatRoom(
  tx: Tx,
  deps: Pick<AppDeps, 'clock' | 'jobs'>,
  incidentId: string,
  key: string,
  text: string,
): Promise<void> {
  const room = await findChatRoom(tx, incidentId);
  if (!room || (await isOutOfBand(tx, incidentId))) return;
  const { row, created } = await insertDelivery(tx, {
    id: newId(),
    key: `room:${incidentId}:${key}`,
    incidentId,
    purpose: 'chat-room',
    channel: 'chat',
    channelKey: room.channelKey,
    recipientKey: `room:${room.roomId}`,
    recipientName: `#${room.name}`,
    address: room.roomId,
    subject: text.slice(0, 250),
    body: text,
    payload: { kind: 'slack-api', text },
    status: 'queued',
    createdAt: deps.clock.now(),
  });
  if (created) await deps.jobs.enqueue(tx, DELIVERY_QUEUE, row.id, { deliveryId: row.id });
}
