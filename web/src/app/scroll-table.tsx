import type { ReactNode } from 'react';

/**
 * A wide table that scrolls sideways on a phone. The scrolling region is focusable and named, so keyboard
 * users can scroll it too (axe: scrollable-region-focusable).
 */
export function ScrollTable({
  label,
  minWidth,
  children,
}: {
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      data-scroll-table
      // position: the table's visually hidden labels are clipped with it instead of widening the page.
      style={{ overflowX: 'auto', position: 'relative' }}
    >
      <div style={{ minWidth }}>{children}</div>
    </section>
  );
}
