import { formatNumber } from '../../i18n/format.ts';
import { formatPrice } from '../products/index.ts';
import type { TrackingEvent } from './tracking.types.ts';

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** What an event was about, in a few words: the page, the product and how many, the form, the address given. */
export function eventDetail(event: TrackingEvent): string | null {
  const p = event.properties;
  switch (event.type) {
    case 'page_view':
      return text(p.title) ?? event.url;
    case 'product_view':
    case 'add_to_cart':
    case 'remove_from_cart': {
      const product = text(p.name) ?? text(p.sku) ?? text(p.product_id);
      return typeof p.quantity === 'number' && product ? `${product} × ${formatNumber(p.quantity)}` : product;
    }
    case 'checkout_started':
      return p.value === undefined ? null : formatPrice(Number(p.value), text(p.currency) ?? '');
    case 'form_submitted':
      return text(p.form_id);
    case 'identify':
      return text(p.email) ?? text(p.phone);
    case 'email_opened':
      return text(p.message_id);
    case 'email_clicked':
      return text(p.link) ?? text(p.message_id);
    default:
      return null;
  }
}

/**
 * The tags a site pastes into every page: a stub that queues calls made before the script has
 * loaded (the snippet replays `rapport.q`), then the script with the workspace's write key.
 */
export function snippetTags(snippetUrl: string, writeKey: string, origin: string): string {
  const src = new URL(snippetUrl, origin).href;
  return [
    '<script>window.rapport=window.rapport||function(){(window.rapport.q=window.rapport.q||[]).push(arguments)};</script>',
    `<script src="${src}" data-write-key="${writeKey}" async></script>`,
  ].join('\n');
}
