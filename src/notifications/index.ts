/** The notifications feature's public surface: channels, deliveries, out-of-band mode, chat rooms. */
export { announceSubjects, type Subjects } from './announce.ts';
export { slackSigningSecrets, syncEnvChannels } from './channels.ts';
export { CHAT_ROOM_QUEUE, chatRoomHandler, postToChatRoom, requestChatRoom } from './chat-rooms.ts';
export { type DeliveryHooks, deliveryHandler } from './deliver.ts';
export type { Notice } from './messages.ts';
export {
  DEAD_DELIVERY_QUEUE,
  DELIVERY_QUEUE,
  type NotifyOutcome,
  type NotifyRequest,
  notify,
} from './notify.ts';
export { isOutOfBand } from './out-of-band.ts';
export { type DeliveryView, presentDeliveries } from './present-deliveries.ts';
export { notificationRoutes } from './routes.ts';
export type { PolicyChannel } from './routing.ts';
export { deriveKey, hmacHex, safeEqual } from './secret-box.ts';
export { closeSenders } from './senders.ts';
export { type DeliveryRow, deliveriesOfPages, linkDeliveriesToIncident } from './store.ts';
export {
  type EventSubject,
  eventsOfIncident,
  eventTargetContext,
  findEventSubject,
  findEventSubjectById,
  incidentTargetContext,
} from './subjects.ts';
