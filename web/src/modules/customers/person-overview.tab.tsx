import { Grid, Stack } from '@mantine/core';
import { IconTimeline } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/auth.api.ts';
import type { RecordTabProps } from '../records/index.ts';
import { RecordTimeline } from '../timeline/index.ts';
import { OverviewCard } from './overview-card.component.tsx';
import { personOverviewBlocksFor } from './person-overview.registry.ts';
import { PersonProfileBlock } from './person-profile.block.tsx';

/** Customer 360: who the person is, what they bought, agreed to and did lately, then their timeline. */
export function PersonOverviewTab({ objectType, record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const column = (name: 'main' | 'side') =>
    personOverviewBlocksFor(me, name).map(({ key, Block }) => <Block key={key} person={record} />);
  return (
    <Stack data-testid="person-overview">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <PersonProfileBlock objectType={objectType} record={record} />
            {column('main')}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>{column('side')}</Stack>
        </Grid.Col>
      </Grid>
      <OverviewCard title={t('timeline.tab')} icon={<IconTimeline size={16} />}>
        <RecordTimeline subjectType={objectType.type} subjectId={record.id} />
      </OverviewCard>
    </Stack>
  );
}
