import { useMutation } from 'urql';
import { graphql } from './gql';
import { AuthPage } from './pages/AuthPage';
import { HostPage } from './pages/host/HostPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PropertyPage } from './pages/PropertyPage';
import { SearchPage } from './pages/SearchPage';
import { TripsPage } from './pages/TripsPage';
import { Link, navigate, useRoute } from './router';
import { saveSession } from './session';
import { useSession } from './use-session';

const LogoutMutation = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

/** The page for a route. Pages own their data; the shell owns navigation and the session. */
function Page() {
  const { path } = useRoute();
  if (path === '/') return <SearchPage />;
  if (path === '/signin') return <AuthPage mode="signin" />;
  if (path === '/signup') return <AuthPage mode="signup" />;
  const property = /^\/properties\/([^/]+)$/.exec(path);
  if (property) return <PropertyPage id={decodeURIComponent(property[1]!)} />;
  if (path === '/trips') return <TripsPage />;
  if (path === '/host' || path.startsWith('/host/')) return <HostPage path={path.slice('/host'.length) || '/'} />;
  return <NotFoundPage />;
}

export function App() {
  const session = useSession();
  const [, logout] = useMutation(LogoutMutation);
  const signOut = async () => {
    if (session) await logout({ refreshToken: session.refreshToken });
    saveSession(null);
    navigate('/');
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          staygraph
        </Link>
        <nav aria-label="Main">
          <Link to="/">Search</Link>
          {session ? <Link to="/trips">My trips</Link> : null}
          {session && session.user.role !== 'GUEST' ? <Link to="/host">Host</Link> : null}
          {session ? (
            <button type="button" className="link-button" onClick={() => void signOut()}>
              Sign out {session.user.fullName}
            </button>
          ) : (
            <>
              <Link to="/signin">Sign in</Link>
              <Link to="/signup">Sign up</Link>
            </>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </>
  );
}
