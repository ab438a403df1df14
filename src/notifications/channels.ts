import { asc, eq } from 'drizzle-orm';
import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { NotificationChannel } from '../app/api-types-escalation.ts';
import type { AppDeps } from '../app/deps.ts';
import type { NotificationConfig } from '../app/notification-config.ts';
import { appendAudit } from '../audit/append.ts';
import type { Db, Tx } from '../platform/db/client.ts';
import { withTransaction } from '../platform/db/transaction.ts';
import { AppError } from '../platform/errors.ts';
import {
  type ChannelConfig,
  type ChannelDefinition,
  type ChannelInput,
  channelShapes,
  defineChannel,
  envChannels,
} from './channel-config.ts';
import { deriveKey, open, requireSecretKey, seal } from './secret-box.ts';
import { notificationChannels } from './tables.ts';

export type ChannelRow = typeof notificationChannels.$inferSelect;
type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

export const listChannelRows = (tx: Tx) =>
  tx.select().from(notificationChannels).orderBy(asc(notificationChannels.key));

async function findChannelRow(tx: Tx, key: string): Promise<ChannelRow | undefined> {
  const [row] = await tx.select().from(notificationChannels).where(eq(notificationChannels.key, key));
  return row;
}

function sealSecrets(secretKey: string | null, def: ChannelDefinition): string | null {
  if (!def.secrets) return null;
  return seal(
    deriveKey(requireSecretKey(secretKey), 'channel-credentials'),
    JSON.stringify(def.secrets),
    def.key,
  );
}

async function saveDefinition(
  tx: Tx,
  def: ChannelDefinition,
  sealed: string | null,
  source: 'env' | 'api',
  now: Date,
) {
  const values = {
    key: def.key,
    kind: def.kind,
    purpose: def.purpose,
    settings: def.settings,
    secret: sealed,
    enabled: true,
    source,
    createdAt: now,
    updatedAt: now,
  };
  await tx
    .insert(notificationChannels)
    .values(values)
    .onConflictDoUpdate({
      target: notificationChannels.key,
      set: {
        kind: def.kind,
        purpose: def.purpose,
        settings: def.settings,
        secret: sealed,
        enabled: true,
        source,
        updatedAt: now,
      },
    });
}

/**
 * Writes the environment's channels at start (credentials encrypted) and disables environment channels no
 * longer configured, so removing a variable stops its channel.
 */
export async function syncEnvChannels(db: Db, n: NotificationConfig, now: Date): Promise<void> {
  const defs = envChannels(n);
  await withTransaction(db, async (tx) => {
    for (const def of defs) await saveDefinition(tx, def, sealSecrets(n.secretKey, def), 'env', now);
    for (const row of await listChannelRows(tx)) {
      if (row.source === 'env' && row.enabled && !defs.some((d) => d.key === row.key)) {
        await tx
          .update(notificationChannels)
          .set({ enabled: false, updatedAt: now })
          .where(eq(notificationChannels.key, row.key));
      }
    }
  });
}

/** A channel with its credentials decrypted, for the sender; never presented. */
export function channelConfig(row: ChannelRow, secretKey: string | null): ChannelConfig {
  const secrets = row.secret
    ? (JSON.parse(
        open(deriveKey(requireSecretKey(secretKey), 'channel-credentials'), row.secret, row.key),
      ) as Record<string, unknown>)
    : {};
  const shape = channelShapes[row.kind].schema;
  const fields = shape.parse({ ...row.settings, ...secrets });
  return { key: row.key, kind: row.kind, purpose: row.purpose, ...fields } as ChannelConfig;
}

export async function loadChannel(
  tx: Tx,
  key: string,
  secretKey: string | null,
): Promise<ChannelConfig | null> {
  const row = await findChannelRow(tx, key);
  return row?.enabled ? channelConfig(row, secretKey) : null;
}

/** The signing secrets of the configured Slack apps, to verify button clicks (interactivity requests). */
export async function slackSigningSecrets(tx: Tx, secretKey: string | null): Promise<string[]> {
  const out: string[] = [];
  for (const row of await listChannelRows(tx)) {
    if (row.kind !== 'slack-api' || !row.enabled) continue;
    const c = channelConfig(row, secretKey);
    if (c.kind === 'slack-api' && c.signingSecret) out.push(c.signingSecret);
  }
  return out;
}

const present = (row: ChannelRow): NotificationChannel => ({
  key: row.key,
  kind: row.kind,
  purpose: row.purpose,
  enabled: row.enabled,
  source: row.source,
  settings: row.settings,
  hasCredentials: row.secret !== null,
  updatedAt: row.updatedAt.toISOString(),
});

export function listChannels(deps: Deps, actor: Actor): Promise<{ items: NotificationChannel[] }> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => ({ items: (await listChannelRows(tx)).map(present) }));
}

/**
 * Credentials are write-only: nobody reads them back, so changing a channel's settings must not mean typing
 * every secret again. A secret field left out of the request keeps its stored value (same kind only).
 */
function withStoredSecrets(
  existing: ChannelRow | undefined,
  input: ChannelInput,
  secretKey: string | null,
): Record<string, unknown> {
  if (!existing?.secret || existing.kind !== input.kind) return input.config;
  const stored = JSON.parse(
    open(deriveKey(requireSecretKey(secretKey), 'channel-credentials'), existing.secret, existing.key),
  ) as Record<string, unknown>;
  const kept = Object.fromEntries(Object.entries(stored).filter(([k]) => !(k in input.config)));
  return { ...kept, ...input.config };
}

/** Adds or replaces a channel managed through the API; credentials are sealed before they are stored. */
export function putChannel(
  deps: Deps,
  actor: Actor,
  key: string,
  input: ChannelInput,
): Promise<NotificationChannel> {
  assertCan(actor, 'users.manage');
  const secretKey = deps.config.notifications.secretKey;
  return withTransaction(deps.db, async (tx) => {
    const existing = await findChannelRow(tx, key);
    if (existing?.source === 'env')
      throw new AppError(
        'notification_channel.invalid',
        `The channel "${key}" is configured by environment variables.`,
      );
    const config = withStoredSecrets(existing, input, secretKey);
    const result = defineChannel(key, input.kind, input.purpose, config);
    if (!result.ok) {
      throw new AppError(
        'notification_channel.invalid',
        `The ${input.kind} channel is not valid: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        { details: result.issues },
      );
    }
    const sealed = sealSecrets(secretKey, result.definition);
    const now = deps.clock.now();
    await saveDefinition(tx, result.definition, sealed, 'api', now);
    if (!input.enabled)
      await tx.update(notificationChannels).set({ enabled: false }).where(eq(notificationChannels.key, key));
    await appendAudit(tx, actor, now, {
      action: 'notification_channel.saved',
      targetType: 'notification_channel',
      targetId: key,
      data: { kind: input.kind, purpose: input.purpose, enabled: input.enabled },
    });
    const row = await findChannelRow(tx, key);
    if (!row) throw new Error('channel vanished');
    return present(row);
  });
}

export function deleteChannel(deps: Deps, actor: Actor, key: string): Promise<void> {
  assertCan(actor, 'users.manage');
  return withTransaction(deps.db, async (tx) => {
    const existing = await findChannelRow(tx, key);
    if (!existing) throw new AppError('notification_channel.not_found', `There is no channel "${key}".`);
    if (existing.source === 'env')
      throw new AppError(
        'notification_channel.invalid',
        `The channel "${key}" is configured by environment variables.`,
      );
    await tx.delete(notificationChannels).where(eq(notificationChannels.key, key));
    await appendAudit(tx, actor, deps.clock.now(), {
      action: 'notification_channel.deleted',
      targetType: 'notification_channel',
      targetId: key,
    });
  });
}
