/** The directory feature's public surface: people, teams, positions, on-call, and target resolution. */
export { PERSONAL_CHANNELS, type PersonalChannel, personalChannelLabel } from './channels.ts';
export { COVER_END_TIMER, onCoverEnd } from './cover.ts';
export { onCallShift } from './on-call.ts';
export { type Recipient, type Resolution, resolveTargets, type TargetContext } from './resolve-targets.ts';
export { directoryRoutes } from './routes.ts';
export {
  findPersonByChatHandle,
  findPersonById,
  findPersonByUserId,
  type PersonRow,
  peopleByIds,
  teamMemberIds,
  teamsOfPerson,
} from './store.ts';
export { addDays, isTimeZone, localDate, zonedTime } from './zoned-time.ts';
