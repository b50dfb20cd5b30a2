import type { ReactNode } from 'react';
import { Stack, Table, Text } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { RecordLinkRole, RecordLinksActions, RecordLinksTable } from './record-links.component.tsx';
import { useRecordLinksDraft, type RecordLinkError } from './record-links.hooks.ts';
import { isRoleChanged, isRoleLinkSent, sentRole, type RoleLink } from './record-role-links.ts';

interface RecordRoleLinksEditorProps<Draft extends RoleLink, Input> {
  saved: Draft[];
  keyOf: (draft: Draft) => string;
  /** The row as sent, with its role as sent (trimmed, null when blank). */
  toInput: (draft: Draft, role: string | null) => Input;
  /** From useReplaceRecordLinks, held by the tab: a save remounts the editor with the saved list. */
  save: UseMutationResult<unknown, Error, Input[]>;
  /** The list's field in the request body, which the server's row errors name. */
  field: string;
  savedMessage: string;
  canEdit: boolean;
  /** Whether the reader may search the records to link, and so add them. */
  canSearch: boolean;
  /** The server's bound on the list. */
  maxLinks: number;
  emptyIcon: ReactNode;
  emptyTitle: string;
  /** Told to editors who may add. */
  emptyText: string;
  /** The head of the linked record's column. */
  recordHead: string;
  roleHead: string;
  roleWidth: number;
  /** The linked record in its cell; `error` is a refusal of the row not shown at its role. */
  details: (draft: Draft, error: RecordLinkError | undefined) => ReactNode;
  /** Whether whatever the server refused in a row is shown at its role, the row's one input. */
  isRowErrorAtRole?: boolean;
  roleLabel: (draft: Draft) => string;
  rolePlaceholder: string;
  roleSuggestions: string[];
  rowTestId: string;
  removeLabel: (draft: Draft) => string;
  /** Finds a record to add; records already listed are passed as `excluded`. */
  adder: (excluded: ReadonlySet<string>, onAdd: (draft: Draft) => void) => ReactNode;
  /** Where the primary link, which cannot be removed here, is changed. */
  primaryHint: string;
}

/** A record's links that carry roles (a deal's contacts, a person's companies): the primary link first, then the others. */
export function RecordRoleLinksEditor<Draft extends RoleLink, Input>(props: RecordRoleLinksEditorProps<Draft, Input>) {
  const { saved, keyOf, toInput, save, field, savedMessage, canEdit, canSearch, maxLinks, emptyIcon, emptyTitle, emptyText } = props;
  const { recordHead, roleHead, roleWidth, details, isRowErrorAtRole, roleLabel, rolePlaceholder, roleSuggestions } = props;
  const { rowTestId, removeLabel, adder, primaryHint } = props;
  const links = useRecordLinksDraft({
    saved,
    keyOf,
    isChangedRow: isRoleChanged,
    isSent: isRoleLinkSent,
    toInput: (draft) => toInput(draft, sentRole(draft)),
    save,
    field,
    savedMessage,
  });
  const canAdd = canEdit && canSearch && links.drafts.length < maxLinks;

  return (
    <form onSubmit={links.onSubmit} noValidate>
      <Stack>
        <RecordLinksTable
          drafts={links.drafts}
          keyOf={keyOf}
          empty={<EmptyPlaceholder icon={emptyIcon} title={emptyTitle} description={canAdd ? emptyText : undefined} />}
          minWidth={560}
          head={
            <>
              <Table.Th>{recordHead}</Table.Th>
              <Table.Th w={roleWidth}>{roleHead}</Table.Th>
            </>
          }
          cells={(draft) => {
            const error = links.errors[keyOf(draft)];
            const isAtRole = error?.field === 'role' || isRowErrorAtRole;
            return (
              <>
                <Table.Td>{details(draft, isAtRole ? undefined : error)}</Table.Td>
                <Table.Td>
                  <RecordLinkRole
                    canEdit={canEdit}
                    label={roleLabel(draft)}
                    placeholder={rolePlaceholder}
                    suggestions={roleSuggestions}
                    value={draft.role}
                    error={isAtRole ? error?.message : undefined}
                    onChange={(role) => links.change(keyOf(draft), { role } as Partial<Draft>)}
                  />
                </Table.Td>
              </>
            );
          }}
          rowTestId={rowTestId}
          canEdit={canEdit}
          isRemovable={(draft) => !draft.is_primary}
          removeLabel={removeLabel}
          onRemove={links.remove}
        />
        {canEdit && (
          <RecordLinksActions
            isDirty={links.isDirty}
            isSaving={links.isSaving}
            onReset={links.reset}
            leftSection={canAdd ? adder(links.keys, links.add) : undefined}
          />
        )}
        {canEdit && <Text size="xs" c="dimmed">{primaryHint}</Text>}
      </Stack>
    </form>
  );
}
