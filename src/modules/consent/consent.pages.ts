import type { Channel, Purpose } from './consent.schemas.ts';
import type { PageLanguage } from './consent-links.ts';
import type { PreferenceItem } from './consent.service.ts';

/** Texts of what people see outside the app: confirmation mail and the public pages behind our links. */
const TEXTS = {
  ru: {
    channels: { email: 'Email', sms: 'SMS', phone: 'Звонки', messenger: 'Мессенджеры', push: 'Push-уведомления' } as Record<Channel, string>,
    purposes: { marketing: 'Реклама и предложения', service: 'Сервисные сообщения', analytics: 'Аналитика', personal_data_processing: 'Обработка персональных данных' } as Record<Purpose, string>,
    confirmSubject: 'Подтвердите подписку',
    confirmBody: (url: string) => `Здравствуйте!\n\nЧтобы получать наши письма с предложениями, подтвердите подписку по ссылке:\n${url}\n\nЕсли вы не подписывались, просто проигнорируйте это письмо.`,
    confirmedTitle: 'Подписка подтверждена',
    confirmedText: 'Спасибо! Мы будем присылать вам письма с предложениями. Отписаться можно в любой момент по ссылке в письме.',
    alreadyConfirmedText: 'Подписка уже подтверждена, ничего делать не нужно.',
    invalidTitle: 'Ссылка недействительна',
    invalidText: 'Ссылка повреждена или не наша. Скопируйте её из письма целиком.',
    expiredTitle: 'Срок действия ссылки истёк',
    expiredText: 'Ссылка устарела. Подпишитесь снова, и мы пришлём новую.',
    supersededTitle: 'Ссылка больше не действует',
    supersededText: 'После этого запроса вы уже изменили свой выбор, поэтому подтверждение не требуется.',
    preferencesTitle: 'Настройки рассылок',
    preferencesText: 'Отметьте, как и зачем мы можем с вами связываться. Снимите отметку, чтобы отказаться.',
    pending: 'ждёт подтверждения',
    save: 'Сохранить',
    saved: 'Настройки сохранены.',
    unsubscribedTitle: 'Вы отписались',
    unsubscribedText: 'Больше не будем присылать такие сообщения.',
  },
  en: {
    channels: { email: 'Email', sms: 'SMS', phone: 'Phone calls', messenger: 'Messengers', push: 'Push notifications' } as Record<Channel, string>,
    purposes: { marketing: 'News and offers', service: 'Service messages', analytics: 'Analytics', personal_data_processing: 'Personal data processing' } as Record<Purpose, string>,
    confirmSubject: 'Please confirm your subscription',
    confirmBody: (url: string) => `Hello,\n\nTo receive our emails with offers, please confirm your subscription:\n${url}\n\nIf you did not subscribe, just ignore this email.`,
    confirmedTitle: 'Subscription confirmed',
    confirmedText: 'Thank you! We will send you our offers. You can unsubscribe at any time with the link in each email.',
    alreadyConfirmedText: 'Your subscription is already confirmed; there is nothing more to do.',
    invalidTitle: 'This link is not valid',
    invalidText: 'The link is damaged or not ours. Please copy the whole link from the email.',
    expiredTitle: 'This link has expired',
    expiredText: 'The link is too old. Subscribe again and we will send you a new one.',
    supersededTitle: 'This link no longer applies',
    supersededText: 'You changed your choice after this request, so there is nothing to confirm.',
    preferencesTitle: 'Your subscription preferences',
    preferencesText: 'Tick how and why we may contact you. Untick to opt out.',
    pending: 'awaiting confirmation',
    save: 'Save',
    saved: 'Your preferences are saved.',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedText: 'We will not send you such messages any more.',
  },
};

export type PageTexts = (typeof TEXTS)['ru'];
export const textsFor = (language: PageLanguage): PageTexts => TEXTS[language];

/**
 * The page's language: an explicit ?lang, then the one the link was made for (the person's), then
 * the browser's first choice among ours, then Russian.
 */
export function pageLanguage(options: { query?: string; link?: PageLanguage; acceptLanguage?: string }): PageLanguage {
  if (options.query === 'ru' || options.query === 'en') return options.query;
  if (options.link) return options.link;
  for (const part of (options.acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'ru' || tag === 'en') return tag;
  }
  return 'ru';
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(language: PageLanguage, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{padding:.4rem .6rem;border-bottom:1px solid #ddd;text-align:left}
small{color:#888}button{font:inherit;padding:.4rem 1.2rem}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function messagePage(language: PageLanguage, title: string, text: string): string {
  return page(language, title, `<p>${escapeHtml(text)}</p>`);
}

/** The preference page: a checkbox per channel × purpose; the form posts back to the same token. */
export function preferencesPage(language: PageLanguage, action: string, items: PreferenceItem[], isSaved: boolean): string {
  const t = textsFor(language);
  const purposes = [...new Set(items.map((i) => i.purpose))];
  const channels = [...new Set(items.map((i) => i.channel))];
  const cell = (item: PreferenceItem) => {
    const name = `${item.channel}.${item.purpose}`;
    const note = item.status === 'pending' ? ` <small>${escapeHtml(t.pending)}</small>` : '';
    return `<td><input type="checkbox" name="${name}" aria-label="${escapeHtml(`${t.channels[item.channel]}: ${t.purposes[item.purpose]}`)}"${item.isOn ? ' checked' : ''}>${note}</td>`;
  };
  const rows = channels.map((channel) =>
    `<tr><th scope="row">${escapeHtml(t.channels[channel])}</th>${purposes.map((purpose) => cell(items.find((i) => i.channel === channel && i.purpose === purpose)!)).join('')}</tr>`);
  return page(language, t.preferencesTitle, `${isSaved ? `<p role="status"><strong>${escapeHtml(t.saved)}</strong></p>` : ''}
<p>${escapeHtml(t.preferencesText)}</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="lang" value="${language}">
<table><thead><tr><th></th>${purposes.map((p) => `<th scope="col">${escapeHtml(t.purposes[p])}</th>`).join('')}</tr></thead>
<tbody>${rows.join('')}</tbody></table>
<button type="submit">${escapeHtml(t.save)}</button></form>`);
}
