import type { ReactNode } from 'react';
import { Card, Center, Group, Loader, Text } from '@mantine/core';

interface OverviewCardProps {
  title: string;
  icon: ReactNode;
  /** Next to the title: a status badge, a link to the full tab. */
  aside?: ReactNode;
  isLoading?: boolean;
  testId?: string;
  children?: ReactNode;
}

/** One block of a person's overview: a titled card that shows a loader until its data arrives. */
export function OverviewCard({ title, icon, aside, isLoading = false, testId, children }: OverviewCardProps) {
  return (
    <Card withBorder radius="md" padding="md" data-testid={testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Group gap={6} wrap="nowrap" c="dimmed">
          {icon}
          <Text size="sm" fw={600} c="var(--mantine-color-text)">{title}</Text>
        </Group>
        {aside}
      </Group>
      {isLoading ? <Center py="md"><Loader size="sm" /></Center> : children}
    </Card>
  );
}

/** The line a block shows when it has nothing to show yet. */
export function OverviewEmpty({ children }: { children: ReactNode }) {
  return <Text size="sm" c="dimmed">{children}</Text>;
}
