import { defineErrors } from '../../platform/errors.ts';

export const JourneyErrors = defineErrors({
  JOURNEY_NOT_FOUND: { status: 404, title: 'The journey does not exist' },
  JOURNEY_GRAPH_INVALID: { status: 400, title: 'The journey graph is not valid' },
  JOURNEY_NAME_TAKEN: { status: 409, title: 'A journey with this name exists' },
  JOURNEY_STATUS_CONFLICT: { status: 409, title: 'The journey is not in a state that allows this' },
  JOURNEY_TEMPLATE_NOT_FOUND: { status: 404, title: 'There is no such journey template' },
  JOURNEY_PERSON_NOT_FOUND: { status: 404, title: 'The person does not exist' },
  JOURNEY_NOT_ENROLLED: { status: 409, title: 'The person was not enrolled (re-entry rule or already in the journey)' },
});
