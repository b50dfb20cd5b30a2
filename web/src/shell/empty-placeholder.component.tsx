import type { ReactNode } from 'react';
import { EmptyState } from '@mantine/core';

interface EmptyPlaceholderProps {
  icon: ReactNode;
  title: string;
  description?: string;
  action?: ReactNode;
}

export function EmptyPlaceholder({ icon, title, description, action }: EmptyPlaceholderProps) {
  return (
    <EmptyState py="xl" variant="light" icon={icon} title={title} description={description}>
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}
