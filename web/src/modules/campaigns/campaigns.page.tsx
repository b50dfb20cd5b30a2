import { Anchor, Button, Table, Text } from '@mantine/core';
import { IconPlus, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { SettingsTableCard } from '../settings/settings-table-card.component.tsx';
import { canRunCampaigns } from './campaign-permissions.ts';
import { CampaignProgress, CampaignStatusBadge } from './campaign-status.component.tsx';
import { useCampaigns } from './campaigns.api.ts';

/** Marketing → Campaigns: every campaign with its status and how far sending got. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canRun = canRunCampaigns(useSession());
  const campaigns = useCampaigns();
  const list = campaigns.data ?? [];
  const onAdd = () => navigate('/marketing/campaigns/new');

  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        description={t('campaigns.description')}
        actions={canRun && <Button leftSection={<IconPlus size={16} />} onClick={onAdd}>{t('campaigns.add')}</Button>}
      />
      <SettingsTableCard
        isPending={campaigns.isPending}
        isEmpty={list.length === 0}
        minWidth={760}
        empty={(
          <EmptyPlaceholder
            icon={<IconSend size={28} />}
            title={t('campaigns.empty')}
            description={t('campaigns.emptyText')}
            action={canRun && <Button onClick={onAdd}>{t('campaigns.add')}</Button>}
          />
        )}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('campaigns.name')}</Table.Th>
            <Table.Th w={140}>{t('campaigns.status')}</Table.Th>
            <Table.Th w={300}>{t('campaigns.progress')}</Table.Th>
            <Table.Th w={170}>{t('campaigns.created')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((campaign) => (
            <Table.Tr key={campaign.id} data-testid="campaign-row">
              <Table.Td>
                <Anchor component={Link} to={`/marketing/campaigns/${campaign.id}`} size="sm" fw={500}>{campaign.name}</Anchor>
                <Text size="xs" c="dimmed">{t(`campaigns.channels.${campaign.channel}`)} · {campaign.variants.map((v) => v.key).join('/')}{campaign.holdout_share > 0 ? ` + ${campaign.holdout_share}%` : ''}</Text>
              </Table.Td>
              <Table.Td><CampaignStatusBadge status={campaign.status} /></Table.Td>
              <Table.Td>{campaign.status === 'draft' ? <Text size="xs" c="dimmed">—</Text> : <CampaignProgress campaign={campaign} />}</Table.Td>
              <Table.Td><Text size="sm">{formatDateTime(campaign.created_at)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
    </>
  );
}
