import type { DeliveryStatus, EscalationPage, EscalationRun, StepState } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';

type Look = { label: string; color: string };

export const PAGE_STATE: Record<EscalationPage['state'], Look> = {
  open: { label: 'Not acknowledged', color: COLORS.warn },
  acknowledged: { label: 'Acknowledged', color: COLORS.ok },
};

export const DELIVERY_STATUS: Record<DeliveryStatus, Look> = {
  queued: { label: 'queued', color: COLORS.neutral },
  sending: { label: 'sending', color: COLORS.neutral },
  retrying: { label: 'retrying', color: COLORS.warn },
  delivered: { label: 'delivered', color: COLORS.ok },
  dead: { label: 'failed', color: COLORS.danger },
  suppressed: { label: 'suppressed (out-of-band)', color: COLORS.neutral },
  unavailable: { label: 'not sent', color: COLORS.danger },
};

export const STEP_STATE: Record<StepState, Look> = {
  scheduled: { label: 'Scheduled', color: COLORS.neutral },
  paging: { label: 'Waiting for acknowledgement', color: COLORS.warn },
  notified: { label: 'Notified', color: COLORS.ok },
  acknowledged: { label: 'Acknowledged', color: COLORS.ok },
  escalated: { label: 'Escalated', color: COLORS.danger },
  unanswered: { label: 'Nobody acknowledged', color: COLORS.danger },
  stopped: { label: 'Stopped', color: COLORS.neutral },
};

export const RUN_STATE: Record<EscalationRun['state'], Look> = {
  active: { label: 'Active', color: COLORS.warn },
  completed: { label: 'Completed', color: COLORS.ok },
  stopped: { label: 'Stopped', color: COLORS.neutral },
};

export const ACK_VIA: Record<NonNullable<EscalationPage['acknowledgedVia']>, string> = {
  link: 'the link in the message',
  api: 'the API',
  cli: 'the command line',
  web: 'the web app',
  chat: 'the chat button',
};
