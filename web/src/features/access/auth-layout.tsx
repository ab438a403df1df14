import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the screens shown before anyone is signed in. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Container size={440} py={48} component="main">
      <Stack gap="xs" mb="lg" align="center">
        <Text fw={700} size="xl">
          Cordon
        </Text>
        <Title order={1} size="h2" ta="center">
          {title}
        </Title>
      </Stack>
      <Paper withBorder p="lg" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
