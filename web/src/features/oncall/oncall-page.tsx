import { Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { Needs } from '../../app/needs.tsx';
import { useCan } from '../../app/session.tsx';
import { DIRECTORY_READERS, peopleQuery } from '../directory/queries.ts';
import { useActivePolicy } from '../policy/queries.ts';
import { CoversSection } from './covers-section.tsx';
import { schedulesQuery } from './queries.ts';
import { ScheduleCard } from './schedule-card.tsx';
import { ScheduleForm } from './schedule-form.tsx';
import { WhoIsOnCall } from './who-is-on-call.tsx';

/** On-call rotations, who is on call now or at any time, overrides, and cover for unavailable roles. */
export function OnCallPage() {
  return (
    <Needs permission={DIRECTORY_READERS} title="On call">
      <OnCallScreen />
    </Needs>
  );
}

function OnCallScreen() {
  const can = useCan();
  const policy = useActivePolicy();
  const schedules = useQuery(schedulesQuery);
  const people = useQuery(peopleQuery);
  const [creating, setCreating] = useState(false);
  const items = schedules.data?.items ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>On call</Title>
      <WhoIsOnCall />
      <section aria-labelledby="schedules-title">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h3" id="schedules-title">
              Schedules
            </Title>
            {can('users.manage') && !creating && (
              <Button onClick={() => setCreating(true)}>Create a schedule</Button>
            )}
          </Group>
          <ErrorAlert error={schedules.error ?? people.error} title="The schedules could not be loaded" />
          {creating && <ScheduleForm onDone={() => setCreating(false)} />}
          {schedules.isSuccess && items.length === 0 && (
            <Text size="sm">There are no on-call schedules yet.</Text>
          )}
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {items.map((s) => (
              <ScheduleCard key={s.key} schedule={s} people={people.data?.items} />
            ))}
          </SimpleGrid>
        </Stack>
      </section>
      <CoversSection
        doc={policy.data?.document}
        people={people.data?.items}
        schedules={schedules.data?.items}
      />
    </Stack>
  );
}
