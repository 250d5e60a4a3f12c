import { type Client, type ClientOptions, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLErrorBody {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/** A plain fetch client, as a web or mobile front end would send requests. */
export class GraphQLTestClient {
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: GraphQLErrorBody[] };
    return { status: response.status, ...body };
  }

  /** The data of a request that must succeed; fails the test with the errors otherwise. */
  async data<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const result = await this.request<T>(query, variables, token);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    }
    return result.data;
  }

  /** The first error's code (and field) of a request that must fail. */
  async error(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLErrorBody> {
    const result = await this.request(query, variables, token);
    const error = result.errors?.[0];
    if (!error) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
    return error;
  }

  /** A graphql-ws client; `connectionParams` may be a function (read at each connection), options override. */
  webSocket(connectionParams: ClientOptions['connectionParams'] = {}, options: Partial<ClientOptions> = {}): Client {
    return createClient({
      url: `${this.baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      ...options,
    });
  }
}

export const REGISTER = /* GraphQL */ `
  mutation Register($input: RegisterInput!) {
    register(input: $input) { accessToken refreshToken user { id email role fullName } }
  }
`;

export const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken refreshToken user { id email role } }
  }
`;

let counter = 0;

/** Registers a fresh guest and returns its tokens. */
export async function registerGuest(client: GraphQLTestClient, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const input = {
    email: `guest${counter}-${Date.now()}@example.com`,
    password: 'correct horse battery',
    fullName: `Guest ${counter}`,
    ...overrides,
  };
  const { register } = await client.data(REGISTER, { input });
  return { ...register, password: input.password } as {
    accessToken: string;
    refreshToken: string;
    user: { id: string; email: string; role: string };
    password: string;
  };
}
