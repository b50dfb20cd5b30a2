import { useEffect, useRef } from 'react';
import { ActionIcon, Card, Group, Text, Tooltip } from '@mantine/core';
import { useColorScheme } from '@mantine/hooks';
import { IconFileSpreadsheet, IconPhoto } from '@tabler/icons-react';
import { stringify } from 'csv-stringify/browser/esm/sync';
import * as echarts from 'echarts';
import { useTranslation } from 'react-i18next';

/** The table behind a chart, exported as CSV: a header row and the data rows. */
export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

interface AnalyticsChartProps {
  title: string;
  /** File name without extension for the PNG and CSV downloads. */
  fileName: string;
  option: echarts.EChartsOption;
  table: ChartTable;
  height?: number;
}

function download(href: string, name: string) {
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.click();
}

/** An ECharts chart in a card, with PNG and CSV downloads of what it shows. */
export function AnalyticsChart({ title, fileName, option, table, height = 320 }: AnalyticsChartProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const isDark = useColorScheme() === 'dark';

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, isDark ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [isDark]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true });
  }, [option, isDark]);

  const exportPng = () => {
    if (chart.current) download(chart.current.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }), `${fileName}.png`);
  };
  const exportCsv = () => {
    // A byte-order mark, so spreadsheet programs read the Cyrillic as UTF-8.
    const csv = '\uFEFF' + stringify([table.columns, ...table.rows], { delimiter: ';' });
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    download(url, `${fileName}.csv`);
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Card withBorder padding="md" radius="md">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={600}>{title}</Text>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t('analytics.exportPng')}>
            <ActionIcon variant="subtle" aria-label={t('analytics.exportPng')} onClick={exportPng}><IconPhoto size={18} /></ActionIcon>
          </Tooltip>
          <Tooltip label={t('analytics.exportCsv')}>
            <ActionIcon variant="subtle" aria-label={t('analytics.exportCsv')} onClick={exportCsv}><IconFileSpreadsheet size={18} /></ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <div ref={element} style={{ width: '100%', height }} data-testid={`chart-${fileName}`} />
    </Card>
  );
}
