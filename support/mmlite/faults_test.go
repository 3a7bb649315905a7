package mmlite

import (
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var allClients = []string{
	clientMacintosh, clientWindows, clientDesktopApp,
	clientIPhoneApp, clientAndroidApp, clientIPhoneClassicApp, clientAndroidClassicApp,
}

// featureSteps are the step texts of features/active_sessions.feature, with
// the Examples parameters left as placeholders, and of
// features/active_sessions_extended.feature.
var featureSteps = []string{
	`I am signed in on the "<client>" client`,
	stepOpen, `the current session is described as "<description>"`,
	stepExpand, stepDetails, stepAudit, stepLogOutAll, stepLoginScreen, stepLogBackIn,
	"the channel view shows",
	stepEveryDescribed, `I log out of the "Android Native App" session`, stepOnlyThatGone,
	`the "Macintosh" session is no longer listed`,
}

func TestFaultsRegistry(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, f := range Faults() {
		t.Run(f.Name, func(t *testing.T) {
			assert.Regexp(t, kebab, f.Name, "name is kebab-case")
			assert.False(t, seen[f.Name], "name is unique")
			seen[f.Name] = true
			assert.NotEmpty(t, f.Description, "description")
			assert.NotContains(t, f.Description, "\n", "description is one line")
			assert.NotEmpty(t, f.Message, "message")
			matched := slices.ContainsFunc(featureSteps, func(step string) bool {
				return regexp.MustCompile("^" + f.Step).MatchString(step)
			})
			assert.True(t, matched, "step %q is a phrase of a feature step", f.Step)
			for _, c := range f.Clients {
				assert.Contains(t, allClients, c, "client type")
			}
		})
	}
}

func TestFaultsReturnsCopy(t *testing.T) {
	first := Faults()
	first[0].Name = "changed"
	first[0].Clients = append(first[0].Clients[:0], "changed")
	second := Faults()
	assert.NotEqual(t, "changed", second[0].Name)
	assert.NotContains(t, second[0].Clients, "changed")
}

func TestNewValidatesFaults(t *testing.T) {
	tests := []struct {
		name    string
		faults  []string
		wantErr []string
	}{
		{"none", nil, nil},
		{"known", []string{"revoke-ignored", "sessions-500"}, nil},
		{"unknown", []string{"revoke-ignored", "no-such-fault"}, []string{`"no-such-fault"`, "known faults:", "revoke-ignored", "sessions-hang"}},
		{"empty name", []string{""}, []string{`unknown fault ""`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Options{AdminUsername: "admin", AdminPassword: "adminpass1", Faults: tt.faults})
			if tt.wantErr == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, part := range tt.wantErr {
				assert.Contains(t, err.Error(), part)
			}
		})
	}
}

func TestNewValidatesOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"missing username", Options{AdminPassword: "adminpass1"}, "missing admin username"},
		{"missing password", Options{AdminUsername: "admin"}, "missing admin password"},
		{"invalid username", Options{AdminUsername: "Admin User", AdminPassword: "adminpass1"}, "invalid admin username"},
		{"invalid user menu", Options{AdminUsername: "admin", AdminPassword: "adminpass1", UserMenu: "10"}, "invalid user menu"},
		{"negative latency", Options{AdminUsername: "admin", AdminPassword: "adminpass1", Latency: -1}, "invalid latency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.opts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}
