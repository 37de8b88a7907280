import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './support/fixtures';

test('a page opened without its token says how to get in, and reaches no data', async ({ page, served }) => {
  await page.goto(served.origin + '/');
  await expect(page.getByRole('alert')).toContainText('opened without its access token');
  await expect(page.getByRole('alert')).toContainText('evalbench serve');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Not connected');
});

test('a page from another origin cannot open the API, even knowing the token', async ({ page, served }) => {
  const foreign = http.createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'),
  );
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  try {
    const port = (foreign.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const outcome = await page.evaluate(
      ([origin, token]) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`${origin.replace('http', 'ws')}/api?token=${token}`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        }),
      [served.origin, served.token] as const,
    );
    expect(outcome).toBe('refused');
  } finally {
    foreign.close();
  }
});

test('the served page carries a Content-Security-Policy with no remote scripts', async ({ page, served }) => {
  const response = await page.goto(served.url);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/script-src[^;]*(https?:|\*|'unsafe-eval')/);
});
