import type { FieldProblem } from '../../platform/errors.ts';
import type { Language, StoredForm } from './forms.service.ts';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TEXTS = {
  submit: { ru: 'Отправить', en: 'Send' },
  required: { ru: 'обязательное поле', en: 'required' },
  fix: { ru: 'Проверьте поля, отмеченные ниже.', en: 'Please check the fields marked below.' },
  closed: { ru: 'Эта форма больше не принимает заявки.', en: 'This form no longer takes submissions.' },
} as const;

const INPUT_TYPES: Partial<Record<string, string>> = { email: 'email', phone: 'tel' };

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:24px;color:#1a1b1e;background:#fff}
main{max-width:520px;margin:0 auto}h1{font-size:1.4em;margin:0 0 8px}label{display:block;margin:14px 0 4px;font-weight:500}
input,textarea{box-sizing:border-box;width:100%;padding:8px 10px;border:1px solid #ced4da;border-radius:6px;font:inherit}
textarea{min-height:110px}.error{color:#c92a2a;font-size:.9em;margin-top:4px}.alert{background:#fff5f5;border:1px solid #ffc9c9;padding:10px;border-radius:6px}
.consent{display:flex;gap:8px;align-items:flex-start;margin-top:16px;font-size:.9em}.consent input{width:auto;margin-top:4px}
button{margin-top:18px;padding:10px 18px;border:0;border-radius:6px;background:#228be6;color:#fff;font:inherit;cursor:pointer}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}`;

function page(lang: Language, title: string, body: string, isEmbedded: boolean): string {
  // Embedded in a site's iframe, the page tells the site its height so the frame fits it.
  const resize = isEmbedded ? `<script>addEventListener('load',function(){parent.postMessage({rapportForm:location.pathname,height:document.documentElement.scrollHeight},'*')})</script>` : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main>${resize}</body></html>`;
}

/** The hosted form, with the visitor's values and errors when a submission needs fixing. */
export function renderForm(form: StoredForm, options: { lang: Language; isEmbedded: boolean; visitorId?: string; values?: Record<string, string>; hasConsent?: boolean; errors?: FieldProblem[] }): string {
  const { lang } = options;
  const errorOf = (field: string) => options.errors?.find((e) => e.field === field)?.message;
  const fields = form.fields.map((f) => {
    const value = escape(options.values?.[f.target] ?? '');
    const error = errorOf(f.target);
    const label = `${escape(f.label[lang])}${f.is_required ? ` <span aria-label="${TEXTS.required[lang]}">*</span>` : ''}`;
    const attrs = `id="f-${f.target}" name="${f.target}"${f.is_required ? ' required' : ''}${error ? ' aria-invalid="true"' : ''}`;
    const input = f.target === 'message'
      ? `<textarea ${attrs}>${value}</textarea>`
      : `<input ${attrs} type="${INPUT_TYPES[f.target] ?? 'text'}" value="${value}">`;
    return `<label for="f-${f.target}">${label}</label>${input}${error ? `<div class="error">${escape(error)}</div>` : ''}`;
  }).join('\n');
  const consent = form.consent
    ? `<div class="consent"><input type="checkbox" id="f-consent" name="consent" value="yes"${options.hasConsent ? ' checked' : ''}${form.consent.is_required ? ' required' : ''}>
<label for="f-consent" style="margin:0;font-weight:400">${escape(form.consent.text[lang])}</label></div>${errorOf('consent') ? `<div class="error">${escape(errorOf('consent')!)}</div>` : ''}`
    : '';
  const query = `?lang=${lang}${options.isEmbedded ? '&embed=1' : ''}`;
  const body = `<h1>${escape(form.title[lang])}</h1>${form.description ? `<p>${escape(form.description[lang])}</p>` : ''}
${options.errors?.length ? `<div class="alert" role="alert">${TEXTS.fix[lang]}</div>` : ''}
<form method="post" action="/f/${form.id}${query}" novalidate>
${fields}
<div class="hp" aria-hidden="true"><label for="f-website">Website</label><input id="f-website" name="website" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="visitor_id" value="${escape(options.visitorId ?? '')}">
${consent}
<button type="submit">${TEXTS.submit[lang]}</button>
</form>`;
  return page(lang, form.title[lang], body, options.isEmbedded);
}

export function renderDone(form: StoredForm, lang: Language, isEmbedded: boolean): string {
  return page(lang, form.title[lang], `<h1>${escape(form.title[lang])}</h1><p role="status">${escape(form.success_message[lang])}</p>`, isEmbedded);
}

export function renderClosed(lang: Language): string {
  return page(lang, TEXTS.closed[lang], `<p>${TEXTS.closed[lang]}</p>`, false);
}

/**
 * The embed snippet: an iframe of the hosted form, sized to its content, passing the site's
 * visitor id (the tracking snippet's first-party cookie) so the submission identifies the visitor.
 */
export function embedScript(origin: string, formId: string): string {
  return `(function(){var s=document.currentScript;var m=document.cookie.match(/(?:^|; )rp_vid=([A-Za-z0-9_-]{8,64})/);
var f=document.createElement('iframe');f.src=${JSON.stringify(`${origin}/f/${formId}`)}+'?embed=1&lang='+encodeURIComponent(s.getAttribute('data-lang')||document.documentElement.lang||'ru')+(m?'&vid='+m[1]:'');
f.style.cssText='width:100%;border:0;min-height:480px';f.title='form';s.parentNode.insertBefore(f,s);
addEventListener('message',function(e){if(e.source===f.contentWindow&&e.data&&e.data.height)f.style.height=e.data.height+'px'});})();`;
}
