import { RecordSearchAdder } from '../records/index.ts';
import { personSearchQuery } from './customers-parts.api.ts';
import type { PersonHit } from './customers-parts.types.ts';

interface PersonAdderProps {
  label?: string;
  /** For an adder without a visible label. */
  ariaLabel?: string;
  placeholder: string;
  /** Ids of the people already listed, left out of the options. */
  excluded: ReadonlySet<string>;
  onAdd: (person: PersonHit) => void;
  w: number;
}

/** Finds a person to add to a list (a deal's contacts, a meeting's participants) by name, email or phone. */
export function PersonAdder({ label, ariaLabel, placeholder, excluded, onAdd, w }: PersonAdderProps) {
  return (
    <RecordSearchAdder
      searchQuery={personSearchQuery}
      excluded={excluded}
      labelOf={(person) => person.full_name || person.email || person.id.slice(0, 8)}
      detailsOf={(person) => [person.job_title, person.email].filter(Boolean).join(' · ')}
      onAdd={onAdd}
      label={label}
      ariaLabel={ariaLabel}
      placeholder={placeholder}
      w={w}
    />
  );
}
