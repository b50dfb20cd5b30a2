import { useState, type KeyboardEvent } from 'react';
import { ActionIcon, Badge, Box, Button, Group, Kbd, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys, useOs } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { localized, useObjectTypes, useSearch, type SearchHit } from '../modules/records/index.ts';

export function GlobalSearch() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const os = useOs();
  const [opened, { open, close }] = useDisclosure(false);
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const search = useSearch(debounced);
  const { data: objectTypes } = useObjectTypes();
  const hits = debounced ? (search.data ?? []) : [];

  useHotkeys([['mod+K', () => open()]], []);

  const onClose = () => {
    close();
    setQuery('');
    setActiveIndex(0);
  };
  const go = (hit: SearchHit) => {
    onClose();
    navigate(`/${hit.plural}/${hit.id}`);
  };
  const typeLabel = (type: string) => {
    const meta = objectTypes?.find((objectType) => objectType.type === type);
    return meta ? localized(meta.label, i18n.language) : type;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActiveIndex((index) => Math.min(index + 1, hits.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActiveIndex((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && hits[activeIndex]) {
      event.preventDefault();
      go(hits[activeIndex]);
    }
  };
  const shortcut = os === 'macos' || os === 'ios' ? '⌘' : 'Ctrl';

  return (
    <>
      <Button
        visibleFrom="md"
        variant="default"
        c="dimmed"
        fw={400}
        w={260}
        justify="space-between"
        leftSection={<IconSearch size={16} />}
        rightSection={<Group gap={2}><Kbd size="xs">{shortcut}</Kbd><Kbd size="xs">K</Kbd></Group>}
        onClick={open}
      >
        {t('search.placeholder')}
      </Button>
      <ActionIcon hiddenFrom="md" variant="default" size="lg" onClick={open} aria-label={t('search.open')}>
        <IconSearch size={18} />
      </ActionIcon>
      <Modal opened={opened} onClose={onClose} withCloseButton={false} size="lg" yOffset="10vh" padding="md">
        <TextInput
          data-autofocus
          size="md"
          leftSection={<IconSearch size={18} />}
          rightSection={search.isFetching ? <Loader size="xs" /> : null}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          value={query}
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            setActiveIndex(0);
          }}
          onKeyDown={onKeyDown}
        />
        <Box mt="sm" mah="50vh" style={{ overflowY: 'auto' }}>
          {!debounced && <Text size="sm" c="dimmed" ta="center" py="md">{t('search.hint')}</Text>}
          {debounced && !search.isFetching && hits.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="md">{t('search.nothing', { query: debounced })}</Text>
          )}
          <Stack gap={2} role="listbox">
            {hits.map((hit, index) => (
              <UnstyledButton
                key={`${hit.type}:${hit.id}`}
                role="option"
                aria-selected={index === activeIndex}
                onMouseEnter={() => setActiveIndex(index)}
                onClick={() => go(hit)}
                px="sm"
                py={8}
                style={{
                  borderRadius: 'var(--mantine-radius-sm)',
                  background: index === activeIndex ? 'var(--mantine-color-blue-light)' : undefined,
                }}
              >
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>{hit.title || '—'}</Text>
                    {hit.subtitle && <Text size="xs" c="dimmed" truncate>{hit.subtitle}</Text>}
                  </div>
                  <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>{typeLabel(hit.type)}</Badge>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </Box>
      </Modal>
    </>
  );
}
