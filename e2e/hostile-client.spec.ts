import { closeCode, decodeFrames, encodeFrame, openRawSocket } from '../src/main/services/host/testing/rawWebSocket';
import { expect, test } from './support/fixtures';

test('bad WebSocket frames from another client close only that client: serve logs each and the open tab keeps working', async ({
  page,
  served,
}) => {
  await page.goto(served.url);
  await expect(page.getByRole('button', { name: 'New test set' })).toBeEnabled();
  const port = Number(new URL(served.origin).port);
  const frames = [
    {
      frame: encodeFrame({ opcode: 1, payload: Buffer.from('x'), declaredLength: 64 * 1024 * 1024 }),
      code: 1009,
      log: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH',
    },
    { frame: encodeFrame({ opcode: 1, payload: Buffer.from([0xff, 0xfe]) }), code: 1007, log: 'WS_ERR_INVALID_UTF8' },
    { frame: encodeFrame({ opcode: 3, payload: Buffer.from('{}') }), code: 1002, log: 'WS_ERR_INVALID_OPCODE' },
  ];
  for (const { frame, code, log } of frames) {
    const raw = await openRawSocket(port, served.token);
    raw.write(frame);
    expect(await raw.closedWithin(3000)).toBe(true);
    expect(closeCode(decodeFrames(raw.received()))).toBe(code);
    await expect.poll(() => served.output()).toMatch(new RegExp(`\\[evalbench\\] WebSocket client \\d+: .*${log}.*closed that connection`));
  }
  // The host is alive and the tab never lost its own connection.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Runs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'No runs yet' })).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Connection to the host' })).toHaveCount(0);
});
