export { Exchange1cPage } from './exchange-1c.page.tsx';
