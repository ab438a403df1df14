import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../api/error-alert.tsx';

export function FullPageLoader({ label }: { label: string }) {
  return (
    <Center h="100vh">
      <Stack align="center" gap="xs" role="status" aria-live="polite">
        <Loader aria-hidden />
        <Text>{label}</Text>
      </Stack>
    </Center>
  );
}

export function FullPageError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <Center h="100vh" p="md">
      <Stack maw={520}>
        <ErrorAlert error={error} title="Cordon could not load your session" />
        <Button onClick={retry}>Try again</Button>
      </Stack>
    </Center>
  );
}
