/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n": typeof types.SearchStaysDocument,
};
const documents: Documents = {
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n": types.RegisterDocument,
    "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n": types.SearchStaysDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      accessToken\n      accessTokenExpiresAt\n      refreshToken\n      user { id email role fullName }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchStays($input: SearchStaysInput!) {\n    searchStays(input: $input) {\n      totalCount\n      edges {\n        node {\n          property {\n            id\n            name\n            kind\n            rating\n            address { city country }\n            photos { url altText }\n          }\n          availableRoomCount\n          minNightlyPrice { formatted }\n          maxNightlyPrice { formatted }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;