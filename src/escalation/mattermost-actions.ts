import { z } from 'zod';
import { findPersonByChatHandle } from '../directory/index.ts';
import { isAppError } from '../platform/errors.ts';
import { acknowledgeByToken } from './acknowledge.ts';
import type { EngineDeps } from './page-step.ts';

/**
 * What Mattermost posts when someone clicks an interactive message button: who clicked, where, and the
 * button's `context` as Cordon sent it. Mattermost adds fields over the versions (channel and team names,
 * data_source): unknown fields are accepted.
 */
export const mattermostActionSchema = z.looseObject({
  user_id: z.string().max(100).optional(),
  user_name: z.string().max(100).optional(),
  channel_id: z.string().max(100).optional(),
  team_id: z.string().max(100).optional(),
  post_id: z.string().max(100).optional(),
  trigger_id: z.string().max(500).optional(),
  type: z.string().max(100).optional(),
  context: z.looseObject({
    action: z.literal('acknowledge'),
    token: z.string().min(10).max(200),
  }),
});

export type MattermostAction = z.infer<typeof mattermostActionSchema>;

/** Mattermost's integration response: a message only the clicker sees. */
export interface MattermostActionResponse {
  ephemeral_text: string;
}

/** Directory chat handles for Mattermost are user names (`findPersonByChatHandle` takes them with or without '@'). */
async function clickerName(deps: EngineDeps, userName: string | undefined): Promise<string | null> {
  if (!userName) return null;
  return (await findPersonByChatHandle(deps.db, userName))?.name ?? userName;
}

/**
 * The "Acknowledge" button in Mattermost. Mattermost does not sign its requests: the signed, expiring
 * token in the button's context is the authority, exactly as the signed link is, and acknowledges that one
 * page only. Records who clicked (the directory person whose chat handle is the Mattermost user name, or
 * the user name itself). An invalid or expired token is answered to the clicker, not as an error.
 */
export async function mattermostAction(
  deps: EngineDeps,
  body: MattermostAction,
): Promise<MattermostActionResponse> {
  const clicker = await clickerName(deps, body.user_name);
  try {
    const result = await acknowledgeByToken(deps, body.context.token, 'chat', clicker);
    return {
      ephemeral_text: result.alreadyAcknowledged
        ? 'Already acknowledged.'
        : `Acknowledged. ${result.stopped.join('; ')}`.trim(),
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'page.link_invalid') return { ephemeral_text: error.message };
    throw error;
  }
}
