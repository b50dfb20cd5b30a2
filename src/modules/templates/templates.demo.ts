import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import type { TemplateInput } from './templates.schemas.ts';
import { createTemplate } from './templates.service.ts';

/** The demo shop's email frame: a header with the shop's name, the message, and a footer with the unsubscribe link when the sender gives one. */
function email(content: string): string {
  return `<mjml>
  <mj-head>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#222222" />
      <mj-button background-color="#1c7ed6" color="#ffffff" font-size="16px" border-radius="6px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f1f3f5">
    <mj-section background-color="#1c7ed6">
      <mj-column><mj-text color="#ffffff" font-size="20px" font-weight="bold">{{ workspace.name }}</mj-text></mj-column>
    </mj-section>
    <mj-section background-color="#ffffff">
      <mj-column>
${content}
      </mj-column>
    </mj-section>
    <mj-section>
      <mj-column>
        <mj-text font-size="12px" color="#868e96">Вы получили это письмо, потому что покупали в {{ workspace.name }} или подписались на новости.{% if unsubscribe_url %} <a href="{{ unsubscribe_url }}">Отписаться</a>{% endif %}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

const greeting = '<mj-text>{{ person.first_name | default: "Здравствуйте" }}{% if person.first_name %}, здравствуйте{% endif %}!</mj-text>';

const orderLines = `<mj-table>
          <tr style="border-bottom:1px solid #dee2e6;text-align:left"><th>Товар</th><th>Кол-во</th><th style="text-align:right">Сумма</th></tr>
          {% for line in order.lines %}<tr><td>{{ line.name }}</td><td>{{ line.quantity }}</td><td style="text-align:right">{{ line.amount | money: order.currency }}</td></tr>{% endfor %}
        </mj-table>`;

const cartItems = `<mj-table>
          {% for item in cart.items %}<tr><td>{{ item.name }}</td><td>{{ item.quantity }} шт.</td><td style="text-align:right">{{ item.price | money: cart.currency }}</td></tr>{% endfor %}
        </mj-table>`;

const recommendations = `{% if recommendations.size > 0 %}<mj-text font-weight="bold">Вам может понравиться</mj-text>
        {% for item in recommendations %}<mj-text><a href="{{ item.url }}">{{ item.name }}</a> — {{ item.price | money: item.currency }}</mj-text>{% endfor %}{% endif %}`;

export const DEMO_TEMPLATES: TemplateInput[] = [
  {
    name: 'Приветствие 1: знакомство', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: '{{ person.first_name | default: "Друг" }}, добро пожаловать в {{ workspace.name }}',
    body: email(`        ${greeting}
        <mj-text>{{ "Спасибо, что с нами! Мы - небольшая команда, и в каждом заказе видим человека, а не номер." | typograph }}</mj-text>
        <mj-text>{{ "В ближайшие дни расскажем, что у нас есть и как получить скидку на первую покупку." | typograph }}</mj-text>`),
  },
  {
    name: 'Приветствие 2: преимущества', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: 'Почему у нас покупают',
    body: email(`        ${greeting}
        <mj-text>{{ 'Доставка по городу - на следующий день, возврат без вопросов в течение 30 дней и "живая" поддержка в чате.' | typograph }}</mj-text>
        <mj-button href="https://example.com/catalog">Перейти в каталог</mj-button>`),
  },
  {
    name: 'Приветствие 3: купон на первую покупку', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: '{{ person.first_name | default: "Для вас" }}: скидка 10% на первый заказ',
    body: email(`        ${greeting}
        <mj-text>{{ "Дарим купон на первую покупку. Он действует 7 дней:" | typograph }}</mj-text>
        <mj-text font-size="24px" font-weight="bold" align="center">{{ coupon | default: "WELCOME10" }}</mj-text>
        <mj-button href="https://example.com/catalog">Выбрать подарок себе</mj-button>`),
  },
  {
    name: 'Брошенная корзина: напоминание', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: 'Вы кое-что забыли в корзине',
    body: email(`        ${greeting}
        <mj-text>В корзине {{ cart.item_count | default: 0 }} {{ cart.item_count | default: 0 | plural: "товар", "товара", "товаров" }} на {{ cart.value | money: cart.currency }}. Мы их отложили.</mj-text>
        ${cartItems}
        <mj-button href="https://example.com/cart">Вернуться к корзине</mj-button>`),
  },
  {
    name: 'Брошенная корзина: скидка', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: 'Скидка 5% на вашу корзину до {{ "now" | date: "day_month" }}',
    body: email(`        ${greeting}
        <mj-text>{{ "Товары всё ещё ждут вас, а мы добавили скидку 5% по промокоду:" | typograph }}</mj-text>
        <mj-text font-size="24px" font-weight="bold" align="center">{{ coupon | default: "CART5" }}</mj-text>
        ${cartItems}
        <mj-button href="https://example.com/cart">Оформить заказ</mj-button>`),
  },
  {
    name: 'Неоплаченный заказ', channel: 'email', purpose: 'service', locale: 'ru',
    subject: 'Заказ {{ order.number }} ждёт оплаты',
    body: email(`        ${greeting}
        <mj-text>Заказ {{ order.number }} от {{ order.placed_at | date: "datetime" }} на {{ order.total | money: order.currency }} ещё не оплачен.</mj-text>
        ${orderLines}
        <mj-button href="https://example.com/orders">Оплатить заказ</mj-button>`),
  },
  {
    name: 'День рождения', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: '{{ person.first_name | default: "Дорогой покупатель" }}, с днём рождения!',
    body: email(`        <mj-text font-size="22px">С днём рождения, {{ person.first_name | default: "друг" }}!</mj-text>
        <mj-text>{{ "Дарим 15% на любой заказ в течение недели. Промокод:" | typograph }}</mj-text>
        <mj-text font-size="24px" font-weight="bold" align="center">{{ coupon | default: "BDAY15" }}</mj-text>
        ${recommendations}`),
  },
  {
    name: 'Реактивация', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: 'Давно не виделись, {{ person.first_name | default: "друг" }}',
    body: email(`        ${greeting}
        <mj-text>{% if order %}Ваш последний заказ был {{ order.placed_at | date: "long" }}.{% endif %} {{ "За это время у нас появилось много нового - загляните!" | typograph }}</mj-text>
        ${recommendations}
        <mj-button href="https://example.com/new">Посмотреть новинки</mj-button>`),
  },
  {
    name: 'Сервисное напоминание', channel: 'email', purpose: 'service', locale: 'ru',
    subject: 'Пора на плановое обслуживание',
    body: email(`        ${greeting}
        <mj-text>{% if order %}{{ order.placed_at | date: "long" }} вы купили у нас {{ order.lines.first.name | default: "товар" }}.{% endif %} {{ "Самое время для планового обслуживания: запишитесь в удобный день." | typograph }}</mj-text>
        <mj-button href="https://example.com/service">Записаться</mj-button>`),
  },
  {
    name: 'VIP: новый статус (SMS)', channel: 'sms', purpose: 'marketing', locale: 'ru',
    subject: null,
    body: '{{ person.first_name | default: "Здравствуйте" }}, вы VIP-клиент {{ workspace.name }}! Скидка 10% навсегда и ранний доступ к распродажам.',
  },
  {
    name: 'Спасибо за заказ + что взять ещё', channel: 'email', purpose: 'transactional', locale: 'ru',
    subject: 'Спасибо за заказ {{ order.number }}!',
    body: email(`        ${greeting}
        <mj-text>Спасибо за заказ {{ order.number }} на {{ order.total | money: order.currency }}. В нём {{ order.lines.size }} {{ order.lines.size | plural: "позиция", "позиции", "позиций" }}:</mj-text>
        ${orderLines}
        ${recommendations}`),
  },
  {
    name: 'Пора повторить заказ', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: '{{ person.first_name | default: "Здравствуйте" }}, не пора ли пополнить запасы?',
    body: email(`        ${greeting}
        <mj-text>Обычно вы заказываете примерно раз в {{ interval_days | default: 30 }} {{ interval_days | default: 30 | plural: "день", "дня", "дней" }}.{% if order %} Последний заказ был {{ order.placed_at | date: "long" }}.{% endif %}</mj-text>
        ${orderLines}
        <mj-button href="https://example.com/repeat">Повторить заказ</mj-button>`),
  },
  {
    name: 'Сезонный повтор', channel: 'email', purpose: 'marketing', locale: 'ru',
    subject: 'Год назад вы выбирали {{ category | default: "у нас" }}',
    body: email(`        ${greeting}
        {% assign season_category = category | default: order.lines.first.category | default: "подарков" %}
        <mj-text>{{ 'Ровно год назад вы покупали в категории "' | append: season_category | append: '". Сезон снова начался - посмотрите, что нового.' | typograph }}</mj-text>
        ${recommendations}
        <mj-button href="https://example.com/season">Смотреть подборку</mj-button>`),
  },
];

/** Ready-to-use Russian templates for the journeys of the seed catalogue. */
export async function seedTemplates(ctx: DemoSeedContext): Promise<void> {
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  for (const template of DEMO_TEMPLATES) await createTemplate(service, template);
}
