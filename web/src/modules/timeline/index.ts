export { RecordTimeline } from './record-timeline.component.tsx';
