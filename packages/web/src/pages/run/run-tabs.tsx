import { NavLink } from 'react-router';

/**
 * The run page's sections as real links (each a URL of its own, reachable by Tab and opened by
 * Enter); the current one is marked with aria-current="page".
 */
export function RunTabs({ runId }: { runId: string }) {
  const base = `/runs/${encodeURIComponent(runId)}`;
  return (
    <nav className="run-tabs" aria-label="Run sections">
      <ul>
        <li>
          <NavLink to={base} end>
            Overview
          </NavLink>
        </li>
        <li>
          <NavLink to={`${base}/metrics`}>Metric charts</NavLink>
        </li>
        <li>
          <NavLink to={`${base}/artifacts`}>Artifacts</NavLink>
        </li>
      </ul>
    </nav>
  );
}
