import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_KEY, createApiHarness, type ApiHarness } from './api-harness';

/** Debian's `chromium` package; CI installs it with apt (Playwright's own download is not used). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let h: ApiHarness;
let baseUrl: string;
let profile: string;
let browser: BrowserContext;

before(async () => {
  await access(CHROMIUM).catch(() => {
    throw new Error(
      `${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH)`,
    );
  });
  h = await createApiHarness('apiswaggerui');
  await h.app.listen(0, '127.0.0.1');
  baseUrl = await h.app.getUrl();
  profile = await mkdtemp(join(tmpdir(), 'ml-swagger-ui-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  // Hermetic: the page may only talk to the API under test.
  await browser.route('**/*', (route) =>
    new URL(route.request().url()).origin === new URL(baseUrl).origin
      ? route.continue()
      : route.abort(),
  );
});
after(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await h?.close();
});

/** Expands an operation, presses "Try it out" and "Execute", and returns the status shown. */
async function execute(page: Page, operation: string): Promise<string> {
  const block = page.locator(`#operations-${operation}`);
  if (!(await block.locator('.opblock-body').isVisible())) {
    await block.locator('.opblock-summary-control').click();
  }
  const tryOut = block.locator('button.try-out__btn');
  if ((await tryOut.textContent())?.trim() === 'Try it out') await tryOut.click();
  await block.locator('button.execute').click();
  const status = block.locator('.live-responses-table .response .response-col_status');
  await status.first().waitFor({ timeout: 15_000 });
  const text = (await status.first().textContent())?.trim() ?? '';
  await block.locator('button.btn-clear').click();
  return text;
}

test('Swagger UI at /docs lists every route, authorizes with a key and runs a call', async () => {
  const spec = (await h.call('get', '/docs-json')).body as {
    paths: Record<string, Record<string, unknown>>;
  };
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${baseUrl}/docs`);
  await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.info .title').first().isVisible(), true);
  assert.match((await page.locator('.info .title').textContent()) ?? '', /ml-connector admin API/);

  const shown = await page
    .locator('.opblock')
    .evaluateAll((blocks) =>
      blocks.map(
        (b) =>
          `${b.querySelector('.opblock-summary-method')?.textContent?.toLowerCase()} ` +
          `${b.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
      ),
    );
  const documented = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method} ${path}`),
  );
  assert.ok(documented.length >= 16);
  assert.deepEqual([...shown].sort(), [...documented].sort(), 'every route is listed once');
  for (const route of ['post /connections/{id}/preview', 'get /connections', 'post /replay']) {
    assert.ok(shown.includes(route), route);
  }

  const list = 'connections-ConnectionsController_list';
  assert.equal(await execute(page, list), '401', 'without a key the call is refused');

  await page.locator('.scheme-container button.authorize').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.waitFor();
  assert.match((await dialog.textContent()) ?? '', /bearer/);
  await dialog.locator('input').first().fill(ADMIN_KEY);
  await dialog.locator('.auth-btn-wrapper button.authorize').click();
  await dialog.locator('.auth-btn-wrapper button.btn-done').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(
    await page.locator('.scheme-container button.authorize.locked').count(),
    1,
    'the padlock shows the key is applied',
  );

  assert.equal(await execute(page, list), '200', 'with the key the same call succeeds');
  assert.deepEqual(pageErrors, []);
  await page.close();
});
