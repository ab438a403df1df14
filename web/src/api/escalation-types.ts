// Escalation and notification response shapes are written once, beside the server, and shared with it.
export type {
  AckResult,
  AckVia,
  ChannelKind,
  ChatRoom,
  Comms,
  Delivery,
  DeliveryStatus,
  EscalationPage,
  EscalationRun,
  NotificationChannel,
  PageDelivery,
  StepState,
} from '../../../src/app/api-types-escalation.ts';
export { DELIVERY_STATUSES } from '../../../src/app/api-types-escalation.ts';
