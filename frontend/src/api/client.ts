import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { authFetch, GRAPHQL_URL } from '../auth/store';

/** A fresh urql client (a new one after logout drops the previous user's cache). */
export function createClient(): Client {
  return new Client({
    url: GRAPHQL_URL,
    exchanges: [cacheExchange, fetchExchange],
    fetch: authFetch,
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
  });
}
