import { Stack, Tabs, Text, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { Needs } from '../../app/needs.tsx';
import { useCan } from '../../app/session.tsx';
import { useActivePolicy } from '../policy/queries.ts';
import { ImportSection } from './import-section.tsx';
import { PeopleSection } from './people-section.tsx';
import { PositionsSection } from './positions-section.tsx';
import { DIRECTORY_READERS } from './queries.ts';
import { TeamsSection } from './teams-section.tsx';

const route = getRouteApi('/app/directory');
export type DirectoryTab = 'people' | 'teams' | 'positions' | 'import';

/** Who escalation reaches and how: people, teams and the policy's named positions. */
export function DirectoryPage() {
  return (
    <Needs permission={DIRECTORY_READERS} title="Directory">
      <DirectoryScreen />
    </Needs>
  );
}

function DirectoryScreen() {
  const can = useCan();
  const { tab } = route.useSearch();
  const navigate = route.useNavigate();
  const policy = useActivePolicy();
  const mayEdit = can('users.manage');
  const current = tab === 'import' && !mayEdit ? 'people' : (tab ?? 'people');
  return (
    <Stack gap="md">
      <Title order={1}>Directory</Title>
      {!mayEdit && (
        <Text size="sm">
          You can look people up here; changing the directory needs the users.manage permission.
        </Text>
      )}
      <ErrorAlert error={policy.error} title="The policy could not be loaded" />
      <Tabs
        value={current}
        onChange={(v) => navigate({ search: { tab: (v ?? 'people') as DirectoryTab }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="people">People</Tabs.Tab>
          <Tabs.Tab value="teams">Teams</Tabs.Tab>
          <Tabs.Tab value="positions">Positions</Tabs.Tab>
          {mayEdit && <Tabs.Tab value="import">Import</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="people" pt="md">
          <PeopleSection doc={policy.data?.document} />
        </Tabs.Panel>
        <Tabs.Panel value="teams" pt="md">
          <TeamsSection />
        </Tabs.Panel>
        <Tabs.Panel value="positions" pt="md">
          <PositionsSection />
        </Tabs.Panel>
        {mayEdit && (
          <Tabs.Panel value="import" pt="md">
            <ImportSection />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
