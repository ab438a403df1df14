/**
 * The policy's channels that address one person (docs/escalation.md, Channels): the ones a person may ask
 * not to be reached by. `webhook`, `queue` and `app` are not per person: a webhook goes to a system, a queue
 * to a team, and the in-app inbox is never affected by a preference.
 */
export const PERSONAL_CHANNELS = ['email', 'chat', 'sms', 'voice'] as const;
export type PersonalChannel = (typeof PERSONAL_CHANNELS)[number];

/** The channel in words, for reasons on the timeline ("prefers not to be reached by SMS"). */
export const personalChannelLabel: Record<PersonalChannel, string> = {
  email: 'e-mail',
  chat: 'chat',
  sms: 'SMS',
  voice: 'voice',
};
