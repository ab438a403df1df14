import { Button, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { ErrorAlert } from '../../api/error-alert.tsx';
import { InlineLoader } from '../../app/inline-loader.tsx';
import { useCan } from '../../app/session.tsx';
import { useActivePolicy } from '../policy/queries.ts';
import { PageItem } from './page-item.tsx';
import { type PagesFilter, pagesQuery } from './queries.ts';

const route = getRouteApi('/app/pages');

/**
 * Pages: the signed-in person's own (and their teams') by default, newest first, with an Acknowledge button;
 * responders may look at every page they are allowed to see. The filters live in the URL.
 */
export function PagesPage() {
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const policy = useActivePolicy();
  const mayReadAll = can('incident.read') || can('event.read');
  const filter: PagesFilter = { mine: !mayReadAll || search.who !== 'all', state: search.state ?? 'open' };
  const pages = useInfiniteQuery(pagesQuery(filter));
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const setSearch = (next: { who?: 'mine' | 'all'; state?: PagesFilter['state'] }) =>
    navigate({ search: { ...search, ...next }, replace: true });
  return (
    <Stack gap="md">
      <Title order={1}>Pages</Title>
      <Group gap="md" wrap="wrap">
        {mayReadAll && (
          <SegmentedControl
            aria-label="Whose pages"
            value={filter.mine ? 'mine' : 'all'}
            onChange={(v) => setSearch({ who: v === 'all' ? 'all' : 'mine' })}
            data={[
              { value: 'mine', label: 'Mine' },
              { value: 'all', label: 'Everyone’s' },
            ]}
          />
        )}
        <SegmentedControl
          aria-label="State"
          value={filter.state}
          onChange={(v) => setSearch({ state: v === 'acknowledged' || v === 'all' ? v : 'open' })}
          data={[
            { value: 'open', label: 'Not acknowledged' },
            { value: 'acknowledged', label: 'Acknowledged' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      <ErrorAlert error={pages.error} title="The pages could not be loaded" />
      {pages.isPending && <InlineLoader label="Loading pages…" />}
      {pages.isSuccess && items.length === 0 && (
        <Text>
          {filter.state === 'open'
            ? `Nothing is waiting for ${filter.mine ? 'your' : 'an'} acknowledgement.`
            : 'No pages to show.'}
        </Text>
      )}
      <Stack gap="sm" component="ul" aria-label="Pages" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((p) => (
          <li key={p.id}>
            <PageItem page={p} doc={policy.data?.document} withSubject />
          </li>
        ))}
      </Stack>
      {pages.hasNextPage && (
        <Group>
          <Button variant="default" loading={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
            Show older pages
          </Button>
        </Group>
      )}
    </Stack>
  );
}
