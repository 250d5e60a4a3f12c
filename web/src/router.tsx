import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

/** The app lives under /app/; routes are the rest of the path, with the query string. */
export const BASE = '/app';

function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/';
  return (path || '/') + window.location.search;
}

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

export function navigate(to: string): void {
  window.history.pushState(null, '', BASE + to);
  listeners.forEach((listener) => listener());
  window.scrollTo(0, 0);
}

/** The current route as a path (`/properties/abc`) and its query parameters. */
export function useRoute(): { path: string; query: URLSearchParams } {
  const [location, setLocation] = useState(currentPath);
  useEffect(() => {
    const update = () => setLocation(currentPath());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  const [path = '/', search = ''] = location.split('?');
  return { path, query: new URLSearchParams(search) };
}

/** A real link (it opens in a new tab, shows its address) that navigates in place. */
export function Link({ to, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={BASE + to} onClick={onClick} {...props} />;
}
