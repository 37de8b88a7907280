import { PAGE_IDS, PAGE_TITLES } from '../pages/pageIds';
import { useCurrentPage, useUiStore } from '../stores/uiStore';

/** Side navigation between the workbench's pages. */
export function Navigation() {
  const page = useCurrentPage();
  const goTo = useUiStore((s) => s.goTo);
  return (
    <nav aria-label="Main" className="navigation">
      <ul>
        {PAGE_IDS.map((id) => (
          <li key={id}>
            <button type="button" aria-current={page === id ? 'page' : undefined} onClick={() => goTo(id)}>
              {PAGE_TITLES[id]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
