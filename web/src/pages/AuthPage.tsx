import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { ErrorMessage } from '../components/ErrorMessage';
import { graphql } from '../gql';
import { Link, navigate, useRoute } from '../router';
import { saveSession } from '../session';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      user { id email role fullName }
    }
  }
`);

const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      accessToken
      accessTokenExpiresAt
      refreshToken
      user { id email role fullName }
    }
  }
`);

/** Sign in or sign up; then back to where the guest came from (`?next=`). */
export function AuthPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { query } = useRoute();
  const next = query.get('next') ?? '/';
  const [loginResult, login] = useMutation(LoginMutation);
  const [registerResult, register] = useMutation(RegisterMutation);
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const busy = loginResult.fetching || registerResult.fetching;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result =
      mode === 'signin'
        ? (await login({ email, password })).data?.login
        : (await register({ input: { email, password, fullName } })).data?.register;
    if (!result) return;
    saveSession(result);
    navigate(next.startsWith('/') ? next : '/');
  };

  return (
    <section className="narrow">
      <h1>{mode === 'signin' ? 'Sign in' : 'Create an account'}</h1>
      <form onSubmit={(event) => void submit(event)}>
        {mode === 'signup' ? (
          <label>
            Full name
            <input name="fullName" autoComplete="name" required value={fullName} onChange={(e) => setFullName(e.target.value)} />
          </label>
        ) : null}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            minLength={mode === 'signup' ? 10 : undefined}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <ErrorMessage error={loginResult.error ?? registerResult.error} />
        <button type="submit" disabled={busy}>
          {mode === 'signin' ? 'Sign in' : 'Sign up'}
        </button>
      </form>
      <p>
        {mode === 'signin' ? (
          <Link to={`/signup?next=${encodeURIComponent(next)}`}>No account yet? Sign up</Link>
        ) : (
          <Link to={`/signin?next=${encodeURIComponent(next)}`}>Already have an account? Sign in</Link>
        )}
      </p>
    </section>
  );
}
