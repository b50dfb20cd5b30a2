import { Badge, Checkbox, Select, Switch, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ACTIONS, SCOPES, SETTINGS_OBJECTS, type PermissionSet, type Scope } from '../../auth/auth.types.ts';
import { localized, type ObjectTypeMeta } from '../../records/index.ts';
import { NO_GRANT, setOverride, setScope, toggleAction } from './role-rules.ts';

interface PermissionMatrixProps {
  permissions: PermissionSet;
  objectTypes: ObjectTypeMeta[];
  isReadOnly: boolean;
  onChange: (permissions: PermissionSet) => void;
}

type RowKind = 'wildcard' | 'record' | 'settings';

export function PermissionMatrix({ permissions, objectTypes, isReadOnly, onChange }: PermissionMatrixProps) {
  const { t, i18n } = useTranslation();
  const scopeOptions = SCOPES.map((scope) => ({ value: scope, label: t(`roles.scopes.${scope}`) }));

  const rows: { key: string; label: string; kind: RowKind }[] = [
    { key: '*', label: t('roles.allRecordTypes'), kind: 'wildcard' },
    ...objectTypes.map((type) => ({ key: type.type, label: localized(type.label_plural, i18n.language), kind: 'record' as const })),
    ...SETTINGS_OBJECTS.map((type) => ({ key: type, label: t(`roles.settingsObjects.${type}`), kind: 'settings' as const })),
  ];

  const renderRow = ({ key, label, kind }: (typeof rows)[number]) => {
    const explicit = permissions[key];
    const isInherited = kind === 'record' && !explicit;
    // A record type without its own entry shows what '*' gives it.
    const grant = explicit ?? (kind === 'record' ? permissions['*'] : undefined) ?? NO_GRANT;
    const isRowLocked = isReadOnly || isInherited;
    return (
      <Table.Tr key={key} bg={kind === 'wildcard' ? 'blue.0' : undefined}>
        <Table.Td>
          <Text size="sm" fw={kind === 'wildcard' ? 600 : 500}>{label}</Text>
          {kind === 'record' && (
            <Switch
              mt={4}
              size="xs"
              label={isInherited ? t('roles.followsAll') : t('roles.ownRules')}
              checked={!isInherited}
              disabled={isReadOnly}
              onChange={(event) => onChange(setOverride(permissions, key, event.currentTarget.checked))}
            />
          )}
        </Table.Td>
        {ACTIONS.map((action) => (
          <Table.Td key={action} ta="center">
            <Checkbox
              aria-label={`${label}: ${t(`roles.actions.${action}`)}`}
              checked={grant.actions.includes(action)}
              disabled={isRowLocked}
              onChange={(event) => onChange(toggleAction(permissions, key, action, event.currentTarget.checked))}
              styles={{ body: { justifyContent: 'center' } }}
            />
          </Table.Td>
        ))}
        <Table.Td>
          {kind === 'settings' ? (
            <Text size="xs" c="dimmed">{t('roles.scopes.all')}</Text>
          ) : (
            <Select
              size="xs"
              aria-label={`${label}: ${t('roles.scope')}`}
              data={scopeOptions}
              value={grant.scope}
              disabled={isRowLocked}
              allowDeselect={false}
              onChange={(scope) => scope && onChange(setScope(permissions, key, scope as Scope))}
              comboboxProps={{ withinPortal: true }}
            />
          )}
        </Table.Td>
      </Table.Tr>
    );
  };

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" withTableBorder withColumnBorders layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={220}>{t('roles.object')}</Table.Th>
            {ACTIONS.map((action) => (
              <Table.Th key={action} ta="center">{t(`roles.actions.${action}`)}</Table.Th>
            ))}
            <Table.Th w={140}>{t('roles.scope')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.filter((row) => row.kind !== 'settings').map(renderRow)}
          <Table.Tr>
            <Table.Td colSpan={ACTIONS.length + 2} bg="gray.0">
              <Badge variant="transparent" color="gray" px={0}>{t('roles.settingsGroup')}</Badge>
              <Text size="xs" c="dimmed">{t('roles.settingsGroupHint')}</Text>
            </Table.Td>
          </Table.Tr>
          {rows.filter((row) => row.kind === 'settings').map(renderRow)}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
