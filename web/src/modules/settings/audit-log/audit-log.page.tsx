import { useState } from 'react';
import { Autocomplete, Card, Center, Group, Loader, Select } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { useDebouncedValue } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { AuditTable, useAuditLog, type AuditEntry } from '../../audit/index.ts';
import { SETTINGS_OBJECTS } from '../../auth/auth.types.ts';
import { localized, useObjectTypes } from '../../records/index.ts';

const COMMON_ACTIONS = ['create', 'update', 'delete'];

export function AuditLogPage() {
  const { t, i18n } = useTranslation();
  const objectTypes = useObjectTypes();
  const [entityType, setEntityType] = useState<string | null>(null);
  const [action, setAction] = useState('');
  const [debouncedAction] = useDebouncedValue(action.trim(), 300);
  const log = useAuditLog({ entity_type: entityType ?? undefined, action: debouncedAction || undefined });

  const entityOptions = [
    {
      group: t('audit.recordTypes'),
      items: (objectTypes.data ?? []).map((type) => ({ value: type.type, label: localized(type.label_plural, i18n.language) })),
    },
    {
      group: t('audit.settingsTypes'),
      items: SETTINGS_OBJECTS.map((type) => ({ value: type, label: t(`roles.settingsObjects.${type}`) })),
    },
  ];

  const entityLabel = (entityType: string) =>
    entityOptions.flatMap((group) => group.items).find((item) => item.value === entityType)?.label ?? entityType;
  const entityHref = (entry: AuditEntry) => {
    const objectType = objectTypes.data?.find((type) => type.type === entry.entity_type);
    // A deleted record has no page left to open.
    return objectType && !entry.action.endsWith('delete') ? `/${objectType.plural}/${entry.entity_id}` : undefined;
  };

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <Card withBorder padding={0} radius="md">
        <Group p="sm" gap="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Select
            leftSection={<IconFilter size={16} />}
            placeholder={t('audit.entityFilter')}
            aria-label={t('audit.entityFilter')}
            data={entityOptions}
            value={entityType}
            onChange={setEntityType}
            clearable
            w={{ base: '100%', sm: 240 }}
            comboboxProps={{ withinPortal: true }}
          />
          <Autocomplete
            placeholder={t('audit.actionFilter')}
            aria-label={t('audit.actionFilter')}
            data={COMMON_ACTIONS}
            value={action}
            onChange={setAction}
            w={{ base: '100%', sm: 200 }}
            comboboxProps={{ withinPortal: true }}
          />
          {log.isFetching && !log.isFetchingNextPage && <Loader size="xs" />}
        </Group>
        {log.isPending ? (
          <Center py="xl"><Loader /></Center>
        ) : (
          <AuditTable
            entries={log.data?.pages.flatMap((page) => page.data) ?? []}
            entityLabel={entityLabel}
            entityHref={entityHref}
            hasMore={log.hasNextPage}
            isLoadingMore={log.isFetchingNextPage}
            onLoadMore={() => void log.fetchNextPage()}
          />
        )}
      </Card>
    </>
  );
}
