/** Escalation (src/escalation/present.ts): one person or team asked to respond, and its deliveries. */
export type DeliveryStatus =
  | 'queued'
  | 'sending'
  | 'retrying'
  | 'delivered'
  | 'dead'
  | 'suppressed'
  | 'unavailable';

export type PageDelivery = {
  id: string;
  channel: string;
  via: string | null;
  address: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
};

export type EscalationPage = {
  id: string;
  state: 'open' | 'acknowledged';
  recipient: { name: string; kind: 'person' | 'user' | 'team'; via: string[] };
  channels: string[];
  round: number;
  fallback: boolean;
  rule: { id: string; name: string } | null;
  step: string | null;
  subject: { kind: 'incident' | 'event'; ref: string | null };
  createdAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedVia: 'link' | 'api' | 'cli' | 'web' | 'chat' | null;
  note: string | null;
  deliveries: PageDelivery[];
};

export type StepState =
  | 'scheduled'
  | 'paging'
  | 'notified'
  | 'acknowledged'
  | 'escalated'
  | 'unanswered'
  | 'stopped';

export type EscalationRun = {
  id: string;
  rule: { id: string; name: string };
  trigger: string;
  state: 'active' | 'completed' | 'stopped';
  startedAt: string;
  endedAt: string | null;
  endReason: string | null;
  steps: {
    id: string;
    state: StepState;
    round: number;
    dueAt: string;
    timeoutAt: string | null;
    endedAt: string | null;
    endReason: string | null;
    pages: EscalationPage[];
  }[];
};

export type AckResult = { page: EscalationPage; alreadyAcknowledged: boolean; stopped: string[] };
