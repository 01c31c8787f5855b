// Package apperr is the vocabulary of errors a caller may see: each carries
// a code of DESIGN.md "API conventions" and, for bad input, the field.
// Anything else that reaches the API is an INTERNAL error whose details are
// logged, never shown.
package apperr

import (
	"errors"
	"fmt"
)

// Code is the value of a GraphQL error's extensions.code.
type Code string

const (
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	BadUserInput    Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	Internal        Code = "INTERNAL"
	// Timeout: the request ran past its deadline, in whatever phase.
	Timeout Code = "TIMEOUT"
)

// Error is an error meant for the caller.
type Error struct {
	Code  Code
	Field string // the input field at fault, for BAD_USER_INPUT
	Scope string // the API-token scope a FORBIDDEN call lacks
	// Reason tells apart refusals a client handles differently under one
	// code (extensions.reason): ReasonAccountDisabled, ReasonPasswordChangeRequired.
	Reason  string
	Message string
}

// Reasons (extensions.reason).
const (
	// ReasonAccountDisabled (UNAUTHENTICATED): the account was disabled;
	// logging in again will not help.
	ReasonAccountDisabled = "ACCOUNT_DISABLED"
	// ReasonPasswordChangeRequired (FORBIDDEN): the session may only change
	// its password (changePassword), read viewer and log out.
	ReasonPasswordChangeRequired = "PASSWORD_CHANGE_REQUIRED"
)

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// New returns an error with code and message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadInput reports invalid input in field.
func BadInput(field, format string, args ...any) *Error {
	return &Error{Code: BadUserInput, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf reports a missing (or invisible) object; field names the input that referred to it.
func NotFoundf(field, format string, args ...any) *Error {
	return &Error{Code: NotFound, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Conflictf reports a change the object's current state does not allow
// (accepting a finished task, judging an unanswered rectification); field,
// when not empty, names the input the state conflicts with.
func Conflictf(field, format string, args ...any) *Error {
	return &Error{Code: Conflict, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf reports an operation the viewer's role does not allow.
func Forbiddenf(format string, args ...any) *Error {
	return &Error{Code: Forbidden, Message: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
