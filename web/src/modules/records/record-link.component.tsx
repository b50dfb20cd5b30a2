import { Anchor } from '@mantine/core';
import { Link } from 'react-router-dom';
import { recordTitle } from './record-fields.ts';
import { useRecord } from './records.api.ts';
import type { ObjectTypeMeta } from './records.types.ts';

/** A link to a record by id, named by its title once loaded (a short id until then, or when the reader may not see it). */
export function RecordLink({ target, id }: { target: ObjectTypeMeta; id: string }) {
  const { data } = useRecord(target, id, { isSilent: true });
  return (
    <Anchor component={Link} to={`/${target.plural}/${id}`} size="sm" onClick={(event) => event.stopPropagation()}>
      {data ? recordTitle(target, data) : id.slice(0, 8)}
    </Anchor>
  );
}
