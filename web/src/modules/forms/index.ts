export { FormEditPage } from './form-edit.page.tsx';
export { FormsPage } from './forms.page.tsx';
