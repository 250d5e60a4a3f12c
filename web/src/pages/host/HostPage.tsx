import { Link, useRoute } from '../../router';
import { useSession } from '../../use-session';
import { HostOverview } from './HostOverview';
import { HostPropertyPage } from './HostPropertyPage';

/**
 * The host's area; `path` is the route after /host: `/` (today's arrivals, stays waiting for the host, the
 * properties) and `/properties/:id` (one property: calendar, blocks, pricing rules, iCal links).
 */
export function HostPage({ path }: { path: string }) {
  const session = useSession();
  const { query } = useRoute();
  const route = path;
  if (!session) {
    return (
      <section className="narrow">
        <h1>Host area</h1>
        <p>
          The host area is for hosts. <Link to={`/signin?next=${encodeURIComponent(`/host${route === '/' ? '' : route}`)}`}>Sign in</Link> with
          your host account to manage your properties.
        </p>
      </section>
    );
  }
  if (session.user.role === 'GUEST') {
    return (
      <section className="narrow">
        <h1>Host area</h1>
        <p>
          {session.user.email} is a guest account. The host area is for hosts and admins: <Link to="/signin?next=/host">sign in</Link> with a host
          account.
        </p>
      </section>
    );
  }
  const property = /^\/properties\/([^/]+)$/.exec(route);
  if (property) return <HostPropertyPage id={decodeURIComponent(property[1]!)} query={query} />;
  if (route === '/' || route === '') return <HostOverview />;
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <Link to="/host">Back to the host area</Link>
      </p>
    </section>
  );
}
