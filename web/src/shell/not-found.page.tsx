import { Button } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyPlaceholder } from './empty-placeholder.component.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <EmptyPlaceholder
      icon={<IconMapQuestion size={28} />}
      title={t('notFound.title')}
      description={t('notFound.text')}
      action={<Button component={Link} to="/" variant="light">{t('comingSoon.back')}</Button>}
    />
  );
}
