import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import arithmetic from '../../../../resources/examples/arithmetic.yaml?raw';
import type { TestSetDocument, TestSetSummary } from '../../../shared/api';
import { createClient, setClient } from '../api/client';
import { validateText } from '../stores/testSets/validateText';
import { resetTestSetsBookkeeping, setValidatorFactory, useTestSetsStore, type OpenTestSet } from '../stores/testSetsStore';
import { fakeBridge } from '../test/fakeBridge';
import { TestSetsPage } from './TestSetsPage';

// Monaco does not run in happy-dom: a textarea stands in, reporting edits and showing where a jump put the cursor.
vi.mock('../components/testsets/TestSetEditor', () => ({
  default: function FakeEditor({ tab }: { tab: OpenTestSet }) {
    const jump = useTestSetsStore((s) => s.jump);
    return (
      <>
        <textarea
          aria-label="Test set editor"
          value={tab.text}
          onChange={(e) => useTestSetsStore.getState().edit(tab.id, e.target.value)}
        />
        <p aria-label="Cursor">{jump === null ? '' : `${jump.line}:${jump.column}`}</p>
      </>
    );
  },
}));

const summary = (id: string, name: string): TestSetSummary => ({
  id,
  name,
  path: `/data/testsets/${id}.yaml`,
  caseCount: 22,
  updatedAt: '2026-11-01T10:00:00Z',
});
const docFor = (id: string, name: string, text = arithmetic): TestSetDocument => ({
  summary: summary(id, name),
  format: 'yaml',
  text,
  hash: 'h',
  fileMissing: false,
  managed: true,
  draft: null,
});

type Answers = Parameters<typeof fakeBridge>[0];

function setup(answers: Answers = {}) {
  const fake = fakeBridge({
    'testSets.list': () => ({ ok: true, value: [] }),
    'testSets.refresh': () => ({ ok: true, value: [] }),
    'testSets.drafts': () => ({ ok: true, value: [] }),
    'testSets.examples': () => ({
      ok: true,
      value: [{ id: 'arithmetic', name: 'Arithmetic', description: 'Mental arithmetic.', caseCount: 22 }],
    }),
    'testSets.create': () => ({ ok: true, value: docFor('t1', 'Arithmetic') }),
    'testSets.open': (input) => ({ ok: true, value: docFor((input as { id: string }).id, `Set ${(input as { id: string }).id}`) }),
    'testSets.saveDraft': () => ({ ok: true, value: { savedAt: '2026-11-01T10:05:00Z' } }),
    'testSets.save': () => ({ ok: true, value: { summary: summary('t1', 'Arithmetic'), hash: 'h2' } }),
    'settings.get': () => ({ ok: true, value: { theme: 'light' } }),
    ...answers,
  });
  setClient(createClient(fake.bridge));
  render(<TestSetsPage />);
  return fake;
}

async function createArithmetic(): Promise<void> {
  const form = await screen.findByRole('form', { name: 'New test set' });
  await within(form).findByRole('option', { name: 'Example: Arithmetic (22 cases)' });
  fireEvent.change(within(form).getByLabelText('Start from'), { target: { value: 'example:arithmetic' } });
  expect(within(form).getByLabelText('Name')).toHaveProperty('value', 'Arithmetic');
  fireEvent.click(within(form).getByRole('button', { name: 'Create' }));
  await screen.findByRole('tab', { name: 'Arithmetic' });
}

beforeEach(() => {
  localStorage.clear();
  resetTestSetsBookkeeping();
  useTestSetsStore.setState(useTestSetsStore.getInitialState(), true);
  setValidatorFactory(() =>
    Promise.resolve({ validate: (text, file, format) => Promise.resolve(validateText(text, file, format)), dispose: () => undefined }),
  );
});
afterEach(cleanup);

describe('Test sets page', () => {
  it('starts an empty library’s new test set from the first example, as the page says, with its name', async () => {
    setup();
    const form = await screen.findByRole('form', { name: 'New test set' });
    const [first] = await within(form).findAllByRole('option', { name: /^Example: / });
    expect(within(form).getByLabelText('Start from')).toHaveProperty('value', first?.getAttribute('value'));
    expect(within(form).getByLabelText('Name')).toHaveProperty(
      'value',
      /^Example: (.*) \(\d+ cases\)$/.exec(first?.textContent ?? '')?.[1],
    );
  });

  it('creates a test set from an example and previews every case as the model gets it', async () => {
    const fake = setup();
    expect(await screen.findByRole('heading', { name: 'No test sets yet' })).toBeTruthy();
    await createArithmetic();
    expect(fake.calls.find((c) => c.name === 'testSets.create')?.input).toEqual({ name: 'Arithmetic', example: 'arithmetic' });
    const tablist = screen.getByRole('tablist', { name: 'Open test sets' });
    expect(within(tablist).getByRole('tab', { name: 'Arithmetic' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel', { name: 'Arithmetic' })).toBeTruthy();

    const table = await screen.findByRole('table', { name: 'Rendered cases' });
    const first = within(table).getAllByRole('row')[1];
    expect(first?.textContent).toContain('add-two-digit');
    expect(first?.textContent).toContain('Calculate: 47 + 38');
    expect(first?.textContent).toContain('85');
    // The system prompt all cases share is shown once, not on every row.
    expect(screen.getByText('System prompt of every case').nextSibling?.textContent).toBe(
      'You are a careful calculator. Reply with the final number only, without units or explanation.',
    );
    expect(first?.textContent).not.toContain('careful calculator');
    expect(screen.getByText('22 cases · 22 with expected answers', { exact: false })).toBeTruthy();
    expect(screen.getByText('No problems: every case is valid.')).toBeTruthy();
  });

  it('lists a mistake with its line as a button that moves the cursor there, and keeps the last good preview', async () => {
    setup();
    await createArithmetic();
    await screen.findByRole('table', { name: 'Rendered cases' });
    fireEvent.change(screen.getByLabelText('Test set editor'), { target: { value: arithmetic.replace('type: numeric', 'type: numerc') } });
    const problems = await screen.findByRole('list', { name: 'Problems' });
    const button = within(problems).getByRole('button');
    expect(button.textContent).toContain('Line 13, col 13');
    expect(button.textContent).toContain('unknown scorer "numerc"');
    expect(button.textContent).toContain('Did you mean `numeric`?');
    expect(screen.getByRole('heading', { name: /Problems \(1 error\)/ })).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Arithmetic (unsaved changes) (1 error)' })).toBeTruthy();
    expect(screen.getByRole('note').textContent).toContain('Showing the last version without errors');
    expect(screen.getByRole('table', { name: 'Rendered cases' })).toBeTruthy();

    fireEvent.click(button);
    expect(screen.getByLabelText('Cursor').textContent).toBe('13:13');
  });

  it('saves with Ctrl+S and shows the file as saved', async () => {
    const fake = setup();
    await createArithmetic();
    fireEvent.change(screen.getByLabelText('Test set editor'), { target: { value: `${arithmetic}# more\n` } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Unsaved changes/));
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved'));
    expect(fake.calls.find((c) => c.name === 'testSets.save')?.input).toEqual({
      id: 't1',
      text: `${arithmetic}# more\n`,
      baseHash: 'h',
      force: false,
    });
  });

  it('moves between open test sets with the arrow keys and closes one with Delete', async () => {
    setup({
      'testSets.list': () => ({ ok: true, value: [summary('a', 'Set a'), summary('b', 'Set b')] }),
      'testSets.refresh': () => ({ ok: true, value: [summary('a', 'Set a'), summary('b', 'Set b')] }),
    });
    const library = await screen.findByRole('table', { name: 'Test sets' });
    fireEvent.click(within(library).getByRole('button', { name: 'Set a' }));
    await screen.findByRole('tab', { name: 'Set a' });
    fireEvent.click(screen.getByText('Library · 2 test sets'));
    fireEvent.click(within(screen.getByRole('table', { name: 'Test sets' })).getByRole('button', { name: 'Set b' }));
    const b = await screen.findByRole('tab', { name: 'Set b' });
    expect(b.getAttribute('aria-selected')).toBe('true');
    expect(b.tabIndex).toBe(0);
    fireEvent.keyDown(b, { key: 'ArrowRight' });
    const a = screen.getByRole('tab', { name: 'Set a' });
    expect(a.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(a);
    expect(b.tabIndex).toBe(-1);
    await act(async () => {
      fireEvent.keyDown(a, { key: 'Delete' });
      await Promise.resolve();
    });
    await waitFor(() => expect(screen.queryByRole('tab', { name: 'Set a' })).toBeNull());
    expect(screen.getByRole('tab', { name: 'Set b' }).getAttribute('aria-selected')).toBe('true');
  });
});
