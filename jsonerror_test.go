package agentidemp

import (
	"errors"
	"strings"
	"testing"
)

// ctKinds lists every error kind CanonicalJSON may report.
var ctKinds = []error{
	ErrUnexpectedEnd, ErrSyntax, ErrTrailingData, ErrInvalidNumber,
	ErrNumberRange, ErrUnsafeInteger, ErrInvalidString, ErrInvalidUTF8,
	ErrLoneSurrogate, ErrDuplicateName, ErrTooDeep,
}

// ctKindName names an error kind in failure messages.
func ctKindName(err error) string {
	names := []string{
		"ErrUnexpectedEnd", "ErrSyntax", "ErrTrailingData", "ErrInvalidNumber",
		"ErrNumberRange", "ErrUnsafeInteger", "ErrInvalidString", "ErrInvalidUTF8",
		"ErrLoneSurrogate", "ErrDuplicateName", "ErrTooDeep",
	}
	for i, k := range ctKinds {
		if err == k {
			return names[i]
		}
	}
	if err == nil {
		return "nil"
	}
	return "unknown kind " + err.Error()
}

// ctSameError reports whether err is a *JSONError with the kind and offset
// of want's.
func ctSameError(err, want error) bool {
	var je, jw *JSONError
	return errors.As(err, &je) && errors.As(want, &jw) && je.Err == jw.Err && je.Offset == jw.Offset
}

// TestCanonicalErrorType checks the error's shape: a *JSONError that
// unwraps to its kind and names the kind and the offset in its message.
func TestCanonicalErrorType(t *testing.T) {
	_, err := CanonicalJSON([]byte(`{"a":1,"a":2}`))
	var je *JSONError
	if !errors.As(err, &je) {
		t.Fatalf("error %v (%T) is not a *JSONError", err, err)
	}
	if errors.Unwrap(err) != ErrDuplicateName {
		t.Errorf("errors.Unwrap = %v, want ErrDuplicateName", errors.Unwrap(err))
	}
	for _, k := range ctKinds {
		if k != ErrDuplicateName && errors.Is(err, k) {
			t.Errorf("errors.Is(err, %s) is true", ctKindName(k))
		}
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, ErrDuplicateName.Error()+" at offset 7") {
		t.Errorf("Error() = %q, want it to start with %q", msg, ErrDuplicateName.Error()+" at offset 7")
	}
}
