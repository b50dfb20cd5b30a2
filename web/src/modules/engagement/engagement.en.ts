/** English strings of message tracking and attribution (the Marketing dashboard's mailing KPIs). */
export const engagementEn = {
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
