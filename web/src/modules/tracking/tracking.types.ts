/** A behavioural event as `GET /people/:id/events` returns it. */
export interface TrackingEvent {
  id: string;
  type: string;
  occurred_at: string;
  url: string | null;
  visitor_id: string | null;
  properties: Record<string, unknown>;
  /** 'web' from the site snippet, 'api' from the workspace's own systems. */
  source: string;
}

/** A cart line, keyed by SKU (or product id) in the cart's items. */
export interface CartItem {
  name: string | null;
  quantity: number;
  price: number | null;
}

export interface PersonActivity {
  /** Null until the person is seen on the site or in email. */
  engagement: {
    status: 'active' | 'sleeping';
    last_site_at: string | null;
    last_email_at: string | null;
    status_changed_at: string;
  } | null;
  open_cart: {
    id: string;
    items: Record<string, CartItem>;
    /** A decimal string in the cart's currency. */
    value: string;
    currency: string | null;
    updated_at: string;
    checkout_started_at: string | null;
  } | null;
  visitors: number;
}

export interface TrackingSettings {
  write_key: string;
  allowed_origins: string[];
  cart_abandon_minutes: number;
  sleeping_after_days: number;
  /** Relative to the server unless it knows its public address. */
  snippet_url: string;
  events_url: string;
}

export type TrackingSettingsInput = Partial<Pick<TrackingSettings, 'allowed_origins' | 'cart_abandon_minutes' | 'sleeping_after_days'>>;
