/** The meetings feature's public surface: the recurring incident response meeting, invitations, minutes. */
export { MEETING_TIMER, onMeetingInvite } from './meetings.ts';
export { meetingReactions } from './reactions.ts';
export { meetingRoutes } from './routes.ts';
