const KEYS: readonly [string, string][] = [
  ['j or ↓', 'next result'],
  ['k or ↑', 'previous result'],
  ['p', 'mark pass (and move on)'],
  ['f', 'mark fail (and move on)'],
  ['u', 'mark unsure (and move on)'],
  ['n', 'write a note (Esc or Ctrl+Enter saves)'],
  ['t', 'edit tags, comma separated (Enter saves)'],
  ['z', 'undo the last change'],
  ['?', 'show or hide these keys'],
];

/** The review keys, for the `?` key. */
export function KeyHelp() {
  return (
    <section className="key-help" aria-label="Review keys">
      <dl>
        {KEYS.map(([key, what]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
