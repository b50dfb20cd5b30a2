export { databasesNav } from './databases.nav.tsx';
