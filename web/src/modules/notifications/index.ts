export { NotificationBell } from './notification-bell.component.tsx';
