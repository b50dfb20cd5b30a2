import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ConfigOverrides } from '../src/platform/config.ts';
import { loginAs } from '../src/testing/test-app.ts';
import { startTestServer } from '../src/testing/test-server.ts';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * A demo server and a headless Debian Chromium for one test file, started before its tests and
 * closed after them. Read the fields inside tests: they are set once `before` has run. `config`
 * overrides the server's (an SMTP sink to send to, say).
 */
export function browserSuite(options: { config?: ConfigOverrides } = {}): { server: TestServer; browser: Browser } {
  const suite = {} as { server: TestServer; browser: Browser };
  before(async () => {
    suite.server = await startTestServer({ demo: true, config: options.config });
    suite.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Without the background-networking flags Chromium keeps dialling out on a closed network.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    reportPageTrouble(suite.browser);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/**
 * Writes what goes wrong inside the pages to stderr as it happens: script errors, console errors,
 * failed requests and server errors. The runner shows a failed file's output, so a test that
 * times out waiting for an element says why the page never showed it.
 */
function reportPageTrouble(browser: Browser) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('page', (page) => {
      const say = (what: string) => process.stderr.write(`[browser ${new Date().toISOString()}] ${page.url()}: ${what}\n`);
      page.on('pageerror', (error) => say(`script error: ${error.message}`));
      // "Failed to load resource" repeats a response status: server errors are reported below, and
      // a 401 before signing in is the app asking whether there is a session.
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) say(`console error: ${message.text()}`);
      });
      // Aborted requests are the page moving on (a navigation cancels what it no longer needs).
      page.on('requestfailed', (request) => {
        const reason = request.failure()?.errorText ?? '';
        if (!reason.includes('ERR_ABORTED')) say(`request failed: ${request.method()} ${request.url()} ${reason}`);
      });
      page.on('response', (response) => { if (response.status() >= 500) say(`server error: ${response.status()} ${response.request().method()} ${response.url()}`); });
    });
    return context;
  };
}

/** Signs in through the login form as the demo user and waits to leave the login page. */
export async function signInAsDemo(page: Page, server: TestServer): Promise<void> {
  await page.goto(`${server.url}/login`);
  await page.locator('input[name="email"]').fill(server.demoLogin.email);
  await page.locator('input[name="password"]').fill(server.demoLogin.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The demo user's API, called in-process: `inject(method, url, payload)` answers the parsed body. */
export async function demoApi(server: TestServer) {
  const headers = await loginAs(server.app, server.demoLogin.email, server.demoLogin.password);
  return async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (await server.app.http.inject({ method, url, headers, ...(payload ? { payload } : {}) })).json();
}

/** A Russian desktop page signed in as the demo user. */
export async function newDemoPage(suite: { server: TestServer; browser: Browser }): Promise<Page> {
  const page = await (await suite.browser.newContext({ locale: 'ru-RU', viewport: { width: 1400, height: 1000 }, acceptDownloads: true })).newPage();
  await signInAsDemo(page, suite.server);
  return page;
}

/**
 * A web page on its own origin (a shop with the tracking snippet, say), answering every path with
 * what `pageFor` makes of it.
 */
export async function startSiteServer(pageFor: (path: string) => string): Promise<{ url: string; close: () => Promise<void> }> {
  const site = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(pageFor(request.url ?? '/'));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const { port } = site.address() as AddressInfo;
  // The browser keeps its connections open: drop them, or close() waits for them.
  const close = () => new Promise<void>((resolve) => {
    site.close(() => resolve());
    site.closeAllConnections();
  });
  return { url: `http://127.0.0.1:${port}`, close };
}
