import { Stack, Title } from '@mantine/core';
import { useCan } from '../../app/session.tsx';
import { TokensSection } from './tokens-section.tsx';
import { UsersSection } from './users-section.tsx';

/** Users and their roles (administrators), and API tokens (everyone has their own). */
export function AdminPage() {
  const can = useCan();
  return (
    <Stack gap="xl">
      <Title order={1}>{can('users.manage') ? 'Administration' : 'Your API tokens'}</Title>
      {can('users.manage') && <UsersSection />}
      <TokensSection />
    </Stack>
  );
}
