/** English strings of message tracking and attribution (the Marketing dashboard's mailing KPIs). */
export const engagementEn = {
  settings: {
    title: 'Tracking and attribution',
    tracking: 'Track opens and clicks',
    trackingHint: 'Links in marketing and service email go through signed redirects, and a 1×1 image counts opens.',
    window: 'Attribution window, days',
    windowHint: 'An order this many days after a click (or else after a send) counts for that message.',
    save: 'Save',
    saved: 'Tracking settings saved',
  },
  kpis: {
    title: 'Mailings',
    empty: 'No messages were delivered and no orders placed in this period.',
    mailingRevenue: 'Revenue from mailings',
    shareOfSales: 'Sales after contact',
    responseConversion: 'Response conversion',
    attributedOrders: 'Orders after a message',
    ordersOf: '{{attributed}} of {{orders}} orders',
    respondedOf: '{{responded}} of {{delivered}} delivered',
  },
};
