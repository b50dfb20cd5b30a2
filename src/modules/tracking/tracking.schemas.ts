import { z } from 'zod';

const money = z.union([z.number().finite().nonnegative(), z.string().regex(/^\d{1,15}(\.\d{1,4})?$/)]).transform(Number);
const currency = z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as RUB');
const product = {
  product_id: z.uuid().optional(),
  sku: z.string().trim().min(1).max(100).optional(),
  name: z.string().trim().min(1).max(300).optional(),
  category: z.string().trim().min(1).max(200).optional(),
  price: money.optional(),
  currency: currency.optional(),
};
const needsProduct = (p: { product_id?: string; sku?: string }) => !!p.product_id || !!p.sku;

/** Each event type's properties, validated on arrival. */
export const EVENT_PROPERTIES = {
  page_view: z.strictObject({ title: z.string().max(500).optional(), referrer: z.string().max(2000).optional() }),
  product_view: z.strictObject(product).refine(needsProduct, 'Name the product by product_id or sku'),
  add_to_cart: z.strictObject({ ...product, quantity: z.number().int().min(1).max(100_000).default(1) }).refine(needsProduct, 'Name the product by product_id or sku'),
  remove_from_cart: z.strictObject({ ...product, quantity: z.number().int().min(1).max(100_000).optional() }).refine(needsProduct, 'Name the product by product_id or sku'),
  checkout_started: z.strictObject({ value: money.optional(), currency: currency.optional() }),
  form_submitted: z.strictObject({ form_id: z.string().trim().min(1).max(100), fields: z.record(z.string().max(100), z.string().max(2000)).optional() }),
  identify: z.strictObject({
    email: z.email().max(320).optional(),
    phone: z.string().trim().min(1).max(50).optional(),
    first_name: z.string().trim().min(1).max(300).optional(),
    last_name: z.string().trim().min(1).max(300).optional(),
  }).refine((p) => !!p.email || !!p.phone, 'Identify with an email or a phone'),
  email_opened: z.strictObject({ message_id: z.string().min(1).max(200) }),
  email_clicked: z.strictObject({ message_id: z.string().min(1).max(200), link: z.string().max(2000).optional() }),
} as const;

export type EventType = keyof typeof EVENT_PROPERTIES;
export const EVENT_TYPES = Object.keys(EVENT_PROPERTIES) as EventType[];
/** Types only the workspace's own systems may report (with an API key), never a browser. */
export const SERVER_ONLY_TYPES: readonly EventType[] = ['email_opened', 'email_clicked'];
export const CART_TYPES: readonly EventType[] = ['add_to_cart', 'remove_from_cart', 'checkout_started'];

/** The envelope every event shares; properties are checked against the type's schema after it. */
export const eventEnvelopeSchema = z.strictObject({
  id: z.string().min(8).max(100).describe('The sender’s own id for the event: a retry with the same id and time is stored once'),
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  occurred_at: z.iso.datetime({ offset: true }).optional().describe('Defaults to when the batch arrives'),
  visitor_id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'A visitor id is 8–64 letters, digits, dashes or underscores').optional(),
  person_id: z.uuid().optional().describe('Only with an API key: the person the event is about'),
  session_id: z.string().max(64).optional(),
  url: z.string().max(2000).optional(),
  properties: z.record(z.string(), z.unknown()).default({}),
});

export const MAX_BATCH = 1_000;
export const eventBatchSchema = z.strictObject({
  events: z.array(z.unknown()).min(1).max(MAX_BATCH).describe('Up to 1,000 events; each is checked on its own'),
});

export interface AcceptedEvent {
  index: number;
  clientEventId: string;
  type: EventType;
  occurredAt: Date;
  visitorId: string | null;
  personId: string | null;
  sessionId: string | null;
  url: string | null;
  properties: Record<string, unknown>;
}

export interface RejectedEvent {
  index: number;
  field: string;
  reason: string;
}
