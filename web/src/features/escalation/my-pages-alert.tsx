import { Alert, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { COLORS } from '../../app/colors.ts';
import { AckButton } from './ack-button.tsx';
import { myOpenPagesQuery } from './queries.ts';

/** "You were paged for this": the signed-in person's open pages about this incident or event, to acknowledge. */
export function MyPagesAlert({ subjectRef }: { subjectRef: string }) {
  const mine = useQuery(myOpenPagesQuery);
  const pages = (mine.data?.items ?? []).filter((p) => p.subject.ref === subjectRef);
  if (pages.length === 0) return null;
  return (
    <Alert color={COLORS.warn} variant="outline" title="You were paged for this" role="status">
      <Stack gap="xs">
        {pages.map((p) => (
          <Stack key={p.id} gap={4}>
            <Text size="sm">
              {p.rule?.name ?? 'Escalation'}
              {p.step ? ` (step ${p.step})` : ''} — by {p.channels.join(', ') || 'the app'}
            </Text>
            <AckButton page={p} />
          </Stack>
        ))}
      </Stack>
    </Alert>
  );
}
