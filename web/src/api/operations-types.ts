// SLA and meeting response shapes are written once, beside the server, and shared with it.
export type {
  MeetingOccurrence,
  MeetingSchedule,
  Meetings,
  NoSla,
  Sla,
  SlaState,
} from '../../../src/app/api-types-operations.ts';
