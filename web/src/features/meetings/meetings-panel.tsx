import { Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import type { MeetingOccurrence, MeetingSchedule } from '../../api/types.ts';
import { COLORS } from '../../app/colors.ts';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { useCan } from '../../app/session.tsx';
import { formatTime } from '../../lib/time.ts';
import { MinutesForm } from './minutes-form.tsx';
import { meetingsQuery } from './queries.ts';

const STATE: Record<MeetingOccurrence['state'], { label: string; color: string }> = {
  invited: { label: 'Invited', color: COLORS.accent },
  cancelled: { label: 'Cancelled', color: COLORS.neutral },
  minuted: { label: 'Minutes recorded', color: COLORS.ok },
};

/**
 * The recurring incident response meeting ("A recurring, daily Incident Response Meeting will occur at
 * regular intervals until the incident is resolved"): when it meets, its agenda, each occurrence invited so
 * far, and the minutes recorded back to the timeline.
 */
export function MeetingsPanel({ incidentKey }: { incidentKey: string }) {
  const query = useQuery(meetingsQuery(incidentKey));
  if (query.isPending) return <InlineLoader label="Loading the meetings…" />;
  if (query.isError) return <ErrorAlert error={query.error} title="The meetings could not be loaded" />;
  const { schedule, items } = query.data;
  if (schedule.length === 0) return <Text size="sm">The incident's policy schedules no meeting.</Text>;
  return (
    <Stack gap="md" data-testid="meetings">
      {schedule.map((m) => (
        <Meeting
          key={m.meeting}
          meeting={m}
          incidentKey={incidentKey}
          occurrences={items.filter((o) => o.meeting === m.meeting).reverse()}
        />
      ))}
    </Stack>
  );
}

function Meeting({
  meeting: m,
  incidentKey,
  occurrences,
}: {
  meeting: MeetingSchedule;
  incidentKey: string;
  occurrences: MeetingOccurrence[];
}) {
  const headingId = `meeting-${m.meeting}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={3} size="h5" id={headingId}>
          {m.name}
        </Title>
        <Text size="sm">
          {m.cadence === 'daily' ? 'Daily' : 'Weekly'} at {m.time} ({m.timeZone}) for {m.duration}, for{' '}
          {m.severities.join(', ')} incidents until they are {m.until}; the invitation goes out{' '}
          {m.inviteBefore} ahead with the agenda filled from the record.
        </Text>
        {m.next ? (
          <Text size="sm" fw={600} data-testid="next-meeting">
            Next: <time dateTime={m.next.startsAt}>{formatTime(m.next.startsAt)}</time>
            {m.next.invited ? ' (invitation sent)' : ` (invitation at ${formatTime(m.next.inviteAt)})`}
          </Text>
        ) : (
          <Text size="sm">It does not run for this incident now.</Text>
        )}
        <div>
          <Text size="sm" fw={600}>
            Agenda
          </Text>
          <List type="ordered" size="sm" spacing={2}>
            {m.agenda.map((item) => (
              <List.Item key={item}>{item}</List.Item>
            ))}
          </List>
        </div>
        <Occurrences incidentKey={incidentKey} name={m.name} occurrences={occurrences} />
      </Stack>
    </Paper>
  );
}

function Occurrences({
  incidentKey,
  name,
  occurrences,
}: {
  incidentKey: string;
  name: string;
  occurrences: MeetingOccurrence[];
}) {
  const can = useCan();
  const [recording, setRecording] = useState<string | null>(null);
  if (occurrences.length === 0)
    return <Text size="sm">No meeting has been invited yet; minutes are recorded once one has.</Text>;
  return (
    <Stack
      gap="xs"
      component="ul"
      aria-label="Meetings so far"
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {occurrences.map((o) => {
        const look = STATE[o.state];
        const label = `${name} of ${o.date}`;
        return (
          <Stack key={o.id} gap={6} component="li" data-occurrence={o.date} data-state={o.state}>
            <Group gap="xs" wrap="wrap" justify="space-between">
              <Group gap="xs" wrap="wrap">
                <Text size="sm" fw={600}>
                  {formatTime(o.startsAt)}
                </Text>
                <Badge color={look.color} variant="filled">
                  {look.label}
                </Badge>
              </Group>
              {can('incident.note') && o.state !== 'cancelled' && recording !== o.id && (
                <Button size="compact-sm" variant="default" onClick={() => setRecording(o.id)}>
                  {o.minutesAt ? 'Add to the minutes' : 'Record minutes'}
                  <span className="visually-hidden"> of {label}</span>
                </Button>
              )}
            </Group>
            {o.minutesAt && (
              <Text size="xs">Minutes recorded {formatTime(o.minutesAt)}; they are on the timeline.</Text>
            )}
            {recording === o.id && (
              <MinutesForm
                incidentKey={incidentKey}
                occurrence={o}
                label={`Minutes of ${label}`}
                onDone={() => setRecording(null)}
              />
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
