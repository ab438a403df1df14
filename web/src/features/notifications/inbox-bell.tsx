import { Badge } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { COLORS } from '../../app/colors.ts';
import { ButtonLink } from '../../app/links.tsx';
import { inboxQuery } from './queries.ts';

/**
 * The bell in the header: the inbox, with how many of the notifications loaded are unread (refreshed by live
 * notices). When every one loaded is unread and older ones exist, more may be: "50+".
 */
export function InboxBell() {
  const inbox = useInfiniteQuery(inboxQuery);
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = items.filter((d) => !d.readAt).length;
  const more = unread > 0 && unread === items.length && inbox.hasNextPage ? '+' : '';
  const label = unread > 0 ? `Inbox, ${unread}${more} unread` : 'Inbox, nothing unread';
  return (
    <ButtonLink
      to="/inbox"
      variant="subtle"
      color="gray.9"
      px={6}
      aria-label={label}
      title={label}
      data-testid="inbox-bell"
      rightSection={
        unread > 0 ? (
          <Badge color={COLORS.danger} variant="filled" size="sm" aria-hidden>
            {unread}
            {more}
          </Badge>
        ) : undefined
      }
    >
      <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
    </ButtonLink>
  );
}
