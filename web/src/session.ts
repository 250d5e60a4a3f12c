/**
 * The signed-in session, kept in localStorage so every tab shares it. Access tokens live 15 minutes and the
 * refresh token is single use: one tab refreshes (under a Web Lock), the others read the new pair from storage.
 */
export interface SessionUser {
  id: string;
  email: string;
  role: 'GUEST' | 'HOST' | 'ADMIN';
  fullName: string;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  user: SessionUser;
}

const STORAGE_KEY = 'staygraph.session';
const REFRESH_LOCK = 'staygraph.session.refresh';
/** Refresh this long before the access token expires. */
const REFRESH_EARLY_MS = 60_000;

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function currentSession(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else localStorage.removeItem(STORAGE_KEY);
  notify(session);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(session: Session | null): void {
  for (const listener of listeners) listener(session);
  scheduleRefresh(session);
}

// Another tab signed in, out, or refreshed.
window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) notify(currentSession());
});

/** The stored access token while it has more than REFRESH_EARLY_MS left; null signed out; undefined when it needs a refresh. */
export function freshAccessToken(): string | null | undefined {
  const session = currentSession();
  if (!session) return null;
  return Date.parse(session.accessTokenExpiresAt) - Date.now() > REFRESH_EARLY_MS ? session.accessToken : undefined;
}

/** A token that is still valid for a while, refreshed first (once for all tabs) when it is about to expire. */
export async function validAccessToken(): Promise<string | null> {
  const fresh = freshAccessToken();
  return fresh !== undefined ? fresh : ((await refreshSession())?.accessToken ?? null);
}

const REFRESH = `mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) { accessToken accessTokenExpiresAt refreshToken user { id email role fullName } }
}`;

/**
 * A fresh pair for the session, shared by every tab: under the lock, a tab first looks whether another one
 * has refreshed meanwhile (the stored access token is new), and only otherwise spends the refresh token.
 */
export async function refreshSession(): Promise<Session | null> {
  const run = async (): Promise<Session | null> => {
    const stored = currentSession();
    if (!stored) return null;
    if (freshAccessToken() !== undefined) return stored;
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: REFRESH, variables: { token: stored.refreshToken } }),
    });
    const body = (await response.json()) as { data?: { refreshToken: Session }; errors?: { extensions?: { code?: string } }[] };
    if (body.data?.refreshToken) {
      saveSession(body.data.refreshToken);
      return body.data.refreshToken;
    }
    // Retired or expired: sign out everywhere.
    if (body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') saveSession(null);
    return null;
  };
  return navigator.locks ? navigator.locks.request(REFRESH_LOCK, run) : run();
}

let timer: number | undefined;
function scheduleRefresh(session: Session | null): void {
  window.clearTimeout(timer);
  if (!session) return;
  const due = Date.parse(session.accessTokenExpiresAt) - Date.now() - REFRESH_EARLY_MS;
  timer = window.setTimeout(() => void refreshSession(), Math.max(0, due));
}

scheduleRefresh(currentSession());
