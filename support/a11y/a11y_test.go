package a11y

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassifySplitsByImpact(t *testing.T) {
	violations := []Violation{
		{Rule: "color-contrast", Impact: "serious", Targets: []string{".a"}},
		{Rule: "region", Impact: "moderate", Targets: []string{".b"}},
		{Rule: "aria-dialog-name", Impact: "critical", Targets: []string{"#m"}},
	}

	r := Classify(violations, Options{MinImpact: "serious"})

	require.Len(t, r.Failures, 2)
	assert.Equal(t, "aria-dialog-name", r.Failures[0].Rule)
	assert.Equal(t, "color-contrast", r.Failures[1].Rule)
	require.Len(t, r.Warnings, 1)
	assert.Equal(t, "region", r.Warnings[0].Rule)
	assert.Empty(t, r.Stale)
}

func TestClassifyAcceptedBecomesWarning(t *testing.T) {
	violations := []Violation{{Rule: "color-contrast", Impact: "serious"}}
	opts := Options{MinImpact: "serious", Accepted: []Accepted{{Rule: "color-contrast", Reason: "filed as UX-12"}}}

	r := Classify(violations, opts)

	assert.Empty(t, r.Failures)
	require.Len(t, r.Warnings, 1)
	assert.Equal(t, "filed as UX-12", r.Warnings[0].Reason)
}

func TestClassifyReportsStaleAccepted(t *testing.T) {
	opts := Options{MinImpact: "serious", Accepted: []Accepted{{Rule: "aria-dialog-name", Reason: "x"}}}

	r := Classify(nil, opts)

	require.Len(t, r.Stale, 1)
	assert.Equal(t, "aria-dialog-name", r.Stale[0].Rule)
}

func TestClassifyMinorThreshold(t *testing.T) {
	r := Classify([]Violation{{Rule: "region", Impact: "minor"}}, Options{MinImpact: "minor"})

	assert.Len(t, r.Failures, 1)
}

func TestViolationString(t *testing.T) {
	v := Violation{Rule: "button-name", Impact: "critical", Help: "Buttons must have discernible text",
		Targets: []string{".btn-a", ".btn-b"}}

	assert.Equal(t, "button-name (critical, 2 element(s): .btn-a, .btn-b): Buttons must have discernible text",
		v.String())
}
