export { MyDayPage } from './my-day.page.tsx';
export { useMyDay } from './my-day.api.ts';
