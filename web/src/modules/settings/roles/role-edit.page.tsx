import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { NotFoundPage } from '../../../shell/not-found.page.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { useSession } from '../../auth/auth.api.ts';
import { SETTINGS_OBJECTS, type FieldRules, type PermissionSet } from '../../auth/auth.types.ts';
import { can } from '../../auth/permissions.ts';
import { useObjectTypes } from '../../records/index.ts';
import { useCreateRole, useRoles, useUpdateRole } from '../settings.api.ts';
import type { Role } from '../settings.types.ts';
import { FieldRulesEditor } from './field-rules-editor.component.tsx';
import { PermissionMatrix } from './permission-matrix.component.tsx';
import { withoutEmptySettingsGrants } from './role-rules.ts';

const KEY_PATTERN = /^[a-z][a-z0-9_-]*$/;

function RoleEditor({ role }: { role?: Role }) {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const objectTypes = useObjectTypes();
  const create = useCreateRole();
  const update = useUpdateRole();
  const [name, setName] = useState(role?.name ?? '');
  const [key, setKey] = useState(role?.key ?? '');
  const [permissions, setPermissions] = useState<PermissionSet>(role?.permissions ?? { '*': { actions: ['read'], scope: 'own' } });
  const [fieldRules, setFieldRules] = useState<FieldRules>(role?.field_rules ?? {});
  const [errors, setErrors] = useState<Record<string, string>>({});

  // The server refuses edits to 'admin', so that no one can lock the workspace out.
  const isAdminRole = role?.key === 'admin';
  const isReadOnly = isAdminRole || !can(me, 'role', role ? 'update' : 'create');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t('form.required');
    if (!role && !KEY_PATTERN.test(key)) missing.key = t('roles.keyHint');
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const body = { name: name.trim(), permissions: withoutEmptySettingsGrants(permissions, SETTINGS_OBJECTS), field_rules: fieldRules };
    const options = {
      onSuccess: () => {
        notifySuccess(t('roles.saved', { name: body.name }));
        navigate('/settings/roles');
      },
      onError: (error: unknown) => isApiError(error) && setErrors(error.fieldErrors()),
    };
    if (role) update.mutate({ id: role.id, ...body }, options);
    else create.mutate({ key, ...body }, options);
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Anchor component={Link} to="/settings/roles" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('roles.title')}
      </Anchor>
      <PageHeader
        title={
          <Group gap="sm">
            <span>{role ? role.name : t('roles.create')}</span>
            {role?.is_builtin && <Badge variant="light" color="gray">{t('roles.builtin')}</Badge>}
          </Group>
        }
        actions={!isReadOnly && (
          <Button type="submit" loading={create.isPending || update.isPending}>{role ? t('common.save') : t('common.create')}</Button>
        )}
      />
      <Stack gap="lg">
        {isAdminRole && (
          <Alert color="gray" icon={<IconLock size={18} />} title={t('roles.adminLockedTitle')}>{t('roles.adminLockedText')}</Alert>
        )}
        <Card withBorder radius="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('roles.name')} required value={name} error={errors.name} readOnly={isReadOnly} onChange={(event) => setName(event.currentTarget.value)} />
            <TextInput
              label={t('roles.key')}
              description={role ? t('roles.keyFixed') : t('roles.keyHint')}
              required={!role}
              value={key}
              error={errors.key}
              readOnly={Boolean(role) || isReadOnly}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              onChange={(event) => setKey(event.currentTarget.value.toLowerCase())}
            />
          </SimpleGrid>
        </Card>
        <Card withBorder radius="md">
          <Title order={4}>{t('roles.permissions')}</Title>
          <Text size="sm" c="dimmed" mb="md">{t('roles.permissionsHint')}</Text>
          {errors.permissions && <Text c="red" size="sm" mb="sm">{errors.permissions}</Text>}
          {objectTypes.isPending ? (
            <Center py="md"><Loader /></Center>
          ) : (
            <PermissionMatrix permissions={permissions} objectTypes={objectTypes.data ?? []} isReadOnly={isReadOnly} onChange={setPermissions} />
          )}
        </Card>
        <Card withBorder radius="md">
          <Title order={4}>{t('roles.fieldRules')}</Title>
          <Text size="sm" c="dimmed" mb="md">{t('roles.fieldRulesHint')}</Text>
          {errors.field_rules && <Text c="red" size="sm" mb="sm">{errors.field_rules}</Text>}
          <FieldRulesEditor fieldRules={fieldRules} objectTypes={objectTypes.data ?? []} isReadOnly={isReadOnly} onChange={setFieldRules} />
        </Card>
      </Stack>
    </form>
  );
}

export function RoleEditPage() {
  const { id } = useParams();
  const roles = useRoles(id !== undefined);
  if (id === undefined) return <RoleEditor />;
  if (roles.isPending) return <Center py="xl"><Loader /></Center>;
  const role = roles.data?.find((candidate) => candidate.id === id);
  if (!role) return <NotFoundPage />;
  return <RoleEditor key={role.id} role={role} />;
}
