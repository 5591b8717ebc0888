import { Link, useLocation } from 'react-router';
import { usePageTitle } from '../components/use-page-title.js';

export default function NotFoundPage() {
  usePageTitle('Page not found');
  const { pathname } = useLocation();
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{pathname}</code>.
      </p>
      <p>
        <Link to="/experiments">Go to the experiments</Link>
      </p>
    </section>
  );
}
