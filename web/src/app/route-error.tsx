import { Button, Container, Group, Stack, Title } from '@mantine/core';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { ErrorAlert } from '../api/error-alert.tsx';

/**
 * A screen that failed to load or render says so, with the error, instead of going blank. A stale tab after
 * an upgrade (a screen's old file is gone) recovers with a reload.
 */
export function RouteError({ error, reset }: ErrorComponentProps) {
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>This screen could not be shown</Title>
        <ErrorAlert error={error} title="Something failed in the browser" />
        <Group>
          <Button onClick={reset}>Try again</Button>
          <Button variant="default" onClick={() => window.location.reload()}>
            Reload the page
          </Button>
        </Group>
      </Stack>
    </Container>
  );
}
