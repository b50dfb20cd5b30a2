import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { browserSuite } from './browser-suite.ts';

const suite = browserSuite();

// A fixed browser language, so the first labels the app shows are known.
async function openLoginPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await suite.browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  await page.goto(`${suite.server.url}/login`);
  return page;
}

async function signIn(page: Page, password: string = suite.server.demoLogin.password): Promise<void> {
  await page.locator('input[name="email"]').fill(suite.server.demoLogin.email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

const navLink = (page: Page, name: string) => page.getByRole('link', { name, exact: true });

// A collapsed navbar slides off-screen rather than leaving the DOM, so "visible" means inside the viewport.
async function waitUntilOnScreen(locator: Locator, isOnScreen: boolean): Promise<void> {
  const element = await locator.elementHandle();
  assert.ok(element, 'the element exists');
  await locator.page().waitForFunction(
    ([node, want]) => {
      const box = (node as Element).getBoundingClientRect();
      return (box.width > 0 && box.right > 0 && box.left < window.innerWidth) === want;
    },
    [element, isOnScreen] as const,
  );
}

test('a wrong password shows the error and stays on the login page', async () => {
  const page = await openLoginPage();
  try {
    await signIn(page, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /email or password/i);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.locator('input[name="password"]').isVisible(), true);
  } finally {
    await page.context().close();
  }
});

test('the demo login lands in the shell and the people list has rows', async () => {
  const page = await openLoginPage();
  try {
    await signIn(page);
    await navLink(page, 'People').waitFor();
    for (const section of ['Customers', 'Sales', 'Service', 'Marketing', 'Analytics', 'Settings']) {
      assert.equal(await page.getByText(section, { exact: true }).first().isVisible(), true, `${section} is in the navigation`);
    }
    await navLink(page, 'People').click();
    await page.waitForURL(/\/people$/);
    const rows = page.locator('[data-testid="record-table"] tbody tr');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 1);
  } finally {
    await page.context().close();
  }
});

test('switching the language changes the navigation labels', async () => {
  const page = await openLoginPage();
  try {
    await signIn(page);
    await navLink(page, 'People').waitFor();
    await page.getByText('RU', { exact: true }).click();
    await navLink(page, 'Контакты').waitFor();
    assert.equal(await navLink(page, 'People').count(), 0);
    await page.getByText('EN', { exact: true }).click();
    await navLink(page, 'People').waitFor();
    assert.equal(await navLink(page, 'Контакты').count(), 0);
  } finally {
    await page.context().close();
  }
});

test('on a phone the burger opens the navigation', async () => {
  const page = await openLoginPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  try {
    await signIn(page);
    const burger = page.getByRole('button', { name: 'Toggle navigation' });
    await burger.waitFor();
    const deals = navLink(page, 'Deals');
    await waitUntilOnScreen(deals, false);
    await burger.click();
    await waitUntilOnScreen(deals, true);
    await deals.click();
    await page.waitForURL(/\/deals$/);
    // Choosing a page closes the navigation again, uncovering the list.
    await waitUntilOnScreen(deals, false);
    await page.locator('[data-testid="record-table"] tbody tr').first().waitFor();
  } finally {
    await page.context().close();
  }
});

test('logging out returns to the login page', async () => {
  const page = await openLoginPage();
  try {
    await signIn(page);
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.locator('input[name="email"]').waitFor();
    // The session is gone on the server too: opening the app leads back to login.
    await page.goto(`${suite.server.url}/people`);
    await page.waitForURL(/\/login$/);
  } finally {
    await page.context().close();
  }
});
