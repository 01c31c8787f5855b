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
    "fragment ViewerFields on Viewer {\n  role\n  scopes\n  department {\n    id\n    name\n  }\n  account {\n    id\n    login\n  }\n  staff {\n    id\n    name\n    position\n    department {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation RefreshToken($refreshToken: String!) {\n  refreshToken(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation Logout($refreshToken: String!) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}": typeof types.ViewerFieldsFragmentDoc,
    "query Tasks($first: Int!, $after: Cursor, $where: TaskWhereInput) {\n  tasks(\n    first: $first\n    after: $after\n    orderBy: {field: DUE_AT, direction: ASC}\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        title\n        kind\n        status\n        priority\n        startAt\n        dueAt\n        completedAt\n        leadDepartment {\n          id\n          name\n        }\n        coDepartments {\n          id\n          name\n        }\n        assignments {\n          id\n          hours\n          actualHours\n          staff {\n            id\n            name\n          }\n        }\n        firstResponder {\n          id\n          name\n        }\n      }\n    }\n  }\n}": typeof types.TasksDocument,
};
const documents: Documents = {
    "fragment ViewerFields on Viewer {\n  role\n  scopes\n  department {\n    id\n    name\n  }\n  account {\n    id\n    login\n  }\n  staff {\n    id\n    name\n    position\n    department {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation RefreshToken($refreshToken: String!) {\n  refreshToken(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation Logout($refreshToken: String!) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}": types.ViewerFieldsFragmentDoc,
    "query Tasks($first: Int!, $after: Cursor, $where: TaskWhereInput) {\n  tasks(\n    first: $first\n    after: $after\n    orderBy: {field: DUE_AT, direction: ASC}\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        title\n        kind\n        status\n        priority\n        startAt\n        dueAt\n        completedAt\n        leadDepartment {\n          id\n          name\n        }\n        coDepartments {\n          id\n          name\n        }\n        assignments {\n          id\n          hours\n          actualHours\n          staff {\n            id\n            name\n          }\n        }\n        firstResponder {\n          id\n          name\n        }\n      }\n    }\n  }\n}": types.TasksDocument,
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
export function graphql(source: "fragment ViewerFields on Viewer {\n  role\n  scopes\n  department {\n    id\n    name\n  }\n  account {\n    id\n    login\n  }\n  staff {\n    id\n    name\n    position\n    department {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation RefreshToken($refreshToken: String!) {\n  refreshToken(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation Logout($refreshToken: String!) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}"): (typeof documents)["fragment ViewerFields on Viewer {\n  role\n  scopes\n  department {\n    id\n    name\n  }\n  account {\n    id\n    login\n  }\n  staff {\n    id\n    name\n    position\n    department {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($username: String!, $password: String!) {\n  login(username: $username, password: $password) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation RefreshToken($refreshToken: String!) {\n  refreshToken(refreshToken: $refreshToken) {\n    accessToken\n    refreshToken\n    expiresAt\n    viewer {\n      ...ViewerFields\n    }\n  }\n}\n\nmutation Logout($refreshToken: String!) {\n  logout(refreshToken: $refreshToken)\n}\n\nquery Viewer {\n  viewer {\n    ...ViewerFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Tasks($first: Int!, $after: Cursor, $where: TaskWhereInput) {\n  tasks(\n    first: $first\n    after: $after\n    orderBy: {field: DUE_AT, direction: ASC}\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        title\n        kind\n        status\n        priority\n        startAt\n        dueAt\n        completedAt\n        leadDepartment {\n          id\n          name\n        }\n        coDepartments {\n          id\n          name\n        }\n        assignments {\n          id\n          hours\n          actualHours\n          staff {\n            id\n            name\n          }\n        }\n        firstResponder {\n          id\n          name\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query Tasks($first: Int!, $after: Cursor, $where: TaskWhereInput) {\n  tasks(\n    first: $first\n    after: $after\n    orderBy: {field: DUE_AT, direction: ASC}\n    where: $where\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n      hasPreviousPage\n      startCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        title\n        kind\n        status\n        priority\n        startAt\n        dueAt\n        completedAt\n        leadDepartment {\n          id\n          name\n        }\n        coDepartments {\n          id\n          name\n        }\n        assignments {\n          id\n          hours\n          actualHours\n          staff {\n            id\n            name\n          }\n        }\n        firstResponder {\n          id\n          name\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;