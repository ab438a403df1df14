import type { IncomingHttpHeaders } from 'node:http';
import { findPersonByChatHandle } from '../directory/index.ts';
import { hmacHex, safeEqual, slackSigningSecrets } from '../notifications/index.ts';
import { AppError, isAppError } from '../platform/errors.ts';
import { acknowledgeByToken } from './acknowledge.ts';
import type { EngineDeps } from './page-step.ts';

/** Slack's requests older than five minutes are refused (replay protection, as Slack recommends). */
const MAX_SKEW_S = 300;

/**
 * The "Acknowledge" button in Slack: verifies the request's signature (v0, HMAC-SHA256 with the app's
 * signing secret), then acknowledges the page named by the button's signed token, recording who clicked.
 */
export async function slackAction(deps: EngineDeps, headers: IncomingHttpHeaders, raw: string) {
  const timestamp = String(headers['x-slack-request-timestamp'] ?? '');
  const signature = String(headers['x-slack-signature'] ?? '');
  const now = deps.clock.now();
  const secrets = await slackSigningSecrets(deps.db, deps.config.notifications.secretKey);
  const fresh = /^\d+$/.test(timestamp) && Math.abs(now.getTime() / 1000 - Number(timestamp)) <= MAX_SKEW_S;
  const valid = secrets.some((s) => safeEqual(`v0=${hmacHex(s, `v0:${timestamp}:${raw}`)}`, signature));
  if (!fresh || !valid)
    throw new AppError('chat.signature_invalid', 'The request is not signed by a configured Slack app.');
  const payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}') as {
    user?: { id?: string; name?: string };
    actions?: { action_id?: string; value?: string }[];
  };
  const action = payload.actions?.find((a) => a.action_id === 'cordon_ack');
  if (!action?.value) return { response_type: 'ephemeral', text: 'Nothing to do.' };
  const clicker = payload.user?.id ? await findPersonByChatHandle(deps.db, payload.user.id) : undefined;
  try {
    const result = await acknowledgeByToken(
      deps,
      action.value,
      'chat',
      clicker?.name ?? payload.user?.name ?? null,
    );
    return {
      replace_original: false,
      response_type: 'ephemeral',
      text: result.alreadyAcknowledged
        ? 'Already acknowledged.'
        : `Acknowledged. ${result.stopped.join('; ')}`.trim(),
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'page.link_invalid')
      return { response_type: 'ephemeral', text: error.message };
    throw error;
  }
}
