import { Container, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from './links.tsx';

export function NotFound() {
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1}>Page not found</Title>
        <Text>There is nothing at this address.</Text>
        <AnchorLink to="/">Go to the dashboard</AnchorLink>
      </Stack>
    </Container>
  );
}
