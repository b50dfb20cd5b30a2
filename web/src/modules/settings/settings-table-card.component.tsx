import type { ReactNode } from 'react';
import { Card, Center, Loader, Table } from '@mantine/core';

interface SettingsTableCardProps {
  isPending: boolean;
  isEmpty: boolean;
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  /** Below this width the table scrolls sideways instead of squeezing its columns. */
  minWidth: number;
  /** The table's head and body. */
  children: ReactNode;
}

/** The frame every settings list shares: a card with a loader, an empty state, or a scrollable table. */
export function SettingsTableCard({ isPending, isEmpty, empty, minWidth, children }: SettingsTableCardProps) {
  return (
    <Card withBorder padding={0} radius="md">
      {isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : isEmpty ? (
        empty
      ) : (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            {children}
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
