import { Button } from '@mantine/core';
import { IconRocket } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyPlaceholder } from './empty-placeholder.component.tsx';
import { PageHeader } from './page-header.component.tsx';

interface ComingSoonPageProps {
  title: string;
}

/** Sections announced in the navigation before their module ships. */
export function ComingSoonPage({ title }: ComingSoonPageProps) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} />
      <EmptyPlaceholder
        icon={<IconRocket size={28} />}
        title={t('comingSoon.title')}
        description={t('comingSoon.text', { section: title })}
        action={<Button component={Link} to="/" variant="light">{t('comingSoon.back')}</Button>}
      />
    </>
  );
}
