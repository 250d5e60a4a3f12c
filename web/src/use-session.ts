import { useEffect, useState } from 'react';
import { currentSession, onSessionChange, type Session } from './session';

/** The session, re-rendered when this tab or another signs in, out or refreshes. */
export function useSession(): Session | null {
  const [session, setSession] = useState(currentSession);
  useEffect(() => onSessionChange(setSession), []);
  return session;
}
