import { defineErrors } from '../../platform/errors.ts';

export const SegmentErrors = defineErrors({
  SEGMENT_NOT_FOUND: { status: 404, title: 'The segment does not exist' },
  SEGMENT_RULE_INVALID: { status: 400, title: 'A segment rule is not valid' },
  SEGMENT_CYCLE: { status: 400, title: 'Segments may not include each other in a cycle' },
  SEGMENT_NAME_TAKEN: { status: 409, title: 'A segment with this name exists' },
  SEGMENT_IN_USE: { status: 409, title: 'Other segments include this segment' },
  SEGMENT_NOT_STATIC: { status: 409, title: 'Only a static list takes people by hand or by import' },
  SEGMENT_CSV_INVALID: { status: 400, title: 'The CSV file can not be read' },
});
