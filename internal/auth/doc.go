// Package auth holds the building blocks of authentication and the caller's
// identity: password hashing, opaque refresh/API tokens, short-lived JWT access
// tokens, the demo signing secret, the Viewer carried in the request context and
// the HTTP middleware that fills it. It knows nothing about GraphQL or ent; the
// server wires it to the database through the resolver callbacks of Middleware.
package auth
