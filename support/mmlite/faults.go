package mmlite

import (
	"fmt"
	"slices"
	"strings"
)

// Fault is a named defect that mmlite can inject. Each one breaks exactly one
// behaviour that the spec checks, so running the spec with it must fail.
type Fault struct {
	Name        string   // kebab-case, e.g. "desktop-app-labelled-as-os"
	Description string   // one line
	Step        string   // phrase of the feature step that must fail, with <client> and <description> as `.*`
	Message     string   // a substring (case-insensitive) the failure message must contain
	Clients     []string // client types the fault applies to; nil means all seven
	// Scenario names the scenario that checks the broken behaviour when it
	// is not the MM-T2088 outline. The self-test then runs that scenario
	// instead of the outline's rows for Clients.
	Scenario string
}

// Client type names as the feature's Examples spell them.
const (
	clientMacintosh         = "Macintosh"
	clientWindows           = "Windows"
	clientDesktopApp        = "Native Desktop App"
	clientIPhoneApp         = "iPhone Native App"
	clientAndroidApp        = "Android Native App"
	clientIPhoneClassicApp  = "iPhone Native Classic App"
	clientAndroidClassicApp = "Android Native Classic App"
)

// Phrases of the steps in features/active_sessions.feature.
const (
	stepOpen        = "I open View and Log Out of Active Sessions from Profile > Security"
	stepDescribed   = "the current session is described as"
	stepExpand      = "I expand every session with More info"
	stepDetails     = "every session shows its details with no visible issues"
	stepAudit       = "the Active Sessions modal passes the accessibility audit"
	stepLogOutAll   = "I log out of every session"
	stepLoginScreen = "the login screen shows"
	stepLogBackIn   = "I log back in"
)

// Steps and scenarios of features/active_sessions_extended.feature.
const (
	stepEveryDescribed       = "every session is described as its client"
	stepOnlyThatGone         = "only that session is gone and I am still signed in"
	stepNoLongerListed       = "the .* session is no longer listed"
	scenarioAllClients       = "Signed in on seven clients at once, log out of one"
	scenarioRevokedElsewhere = "A session revoked elsewhere leaves the reopened modal"
)

// faults is the registry. Each entry's behaviour is switched on where the
// code calls hasFault (Go) or fault (web/app.js) with its name. Step and
// Message match what the spec's steps and page objects report.
var faults = []Fault{
	// Labels in the Active Sessions modal.
	{
		Name:        "desktop-app-labelled-as-os",
		Description: "the desktop app's session is labelled with its platform instead of Native Desktop App",
		Step:        stepDescribed, Message: "Native Desktop App",
		Clients: []string{clientDesktopApp},
	},
	{
		Name:        "native-app-labelled-as-classic",
		Description: "sessions of the current mobile apps (apple_rn, android_rn device ids) are labelled Native Classic App",
		Step:        stepDescribed, Message: "Native App",
		Clients: []string{clientIPhoneApp, clientAndroidApp},
	},
	{
		Name:        "classic-app-labelled-as-native",
		Description: "sessions of the classic mobile apps (apple:, android: device ids) are labelled Native App",
		Step:        stepDescribed, Message: "Native Classic App",
		Clients: []string{clientIPhoneClassicApp, clientAndroidClassicApp},
	},
	{
		Name:        "android-labelled-as-linux",
		Description: "Android app sessions are labelled with their platform, Linux, because neither the android device id nor the Android os is checked",
		Step:        stepDescribed, Message: "Android",
		Clients: []string{clientAndroidApp, clientAndroidClassicApp},
	},
	{
		Name:        "macintosh-labelled-as-windows",
		Description: "sessions on a Mac are labelled Windows",
		Step:        stepDescribed, Message: "Macintosh",
		Clients: []string{clientMacintosh},
	},
	{
		Name:        "mobile-app-labelled-as-desktop-app",
		Description: "the server reads a Mattermost Mobile agent as the desktop app's and the web app checks the browser before the device id, so current mobile app sessions are labelled Native Desktop App",
		Step:        stepDescribed, Message: "Native Desktop App",
		// The classic apps' agents are web views without "Mattermost".
		Clients: []string{clientIPhoneApp, clientAndroidApp},
	},

	// More info and the entry's details.
	{
		Name:        "more-info-does-nothing",
		Description: "clicking More info does not expand the entry",
		Step:        stepExpand, Message: "More info",
	},
	{
		Name:        "more-info-missing-os",
		Description: "the expanded entry has no OS line",
		Step:        stepDetails, Message: "OS:",
	},
	{
		Name:        "more-info-invalid-date",
		Description: "the expanded entry reads First time active: Invalid Date",
		Step:        stepDetails, Message: "Invalid Date",
	},
	{
		Name:        "more-info-undefined-browser",
		Description: "the expanded entry reads Browser: undefined",
		Step:        stepDetails, Message: "undefined",
	},
	{
		Name:        "more-info-null-session-id",
		Description: "the expanded entry reads Session ID: null",
		Step:        stepDetails, Message: "null",
	},
	{
		Name:        "more-info-nan-last-activity",
		Description: "the entry reads Last activity: NaN",
		Step:        stepDetails, Message: "NaN",
	},
	{
		Name:        "more-info-empty-os",
		Description: "the expanded entry's OS line is empty",
		Step:        stepDetails, Message: "OS:",
	},
	{
		Name:        "device-icon-missing",
		Description: "entries show no device icon",
		Step:        stepDetails, Message: "icon",
	},
	{
		Name:        "icon-announced-as-blank-image",
		Description: "device icons are images without a title, so screen readers announce a blank image",
		Step:        stepDetails, Message: "icon",
	},
	{
		Name:        "console-error-on-open",
		Description: "the web app logs a console error when the Active Sessions modal opens",
		Step:        stepDetails, Message: "failed to render the session list",
	},
	{
		Name:        "page-error-on-open",
		Description: "the web app throws an uncaught TypeError when the Active Sessions modal opens",
		Step:        stepDetails, Message: "Cannot read properties of undefined",
	},

	// Accessibility, reported by the axe-core audit with these rule ids. The
	// page objects find the modal by its heading, so a dialog without a name
	// passes the other steps.
	{
		Name:        "modal-without-name",
		Description: "the Active Sessions dialog has no accessible name because aria-labelledby names a missing id, as on Mattermost 11.0",
		Step:        stepAudit, Message: "aria-dialog-name",
	},
	{
		Name:        "low-contrast-text",
		Description: "the Active Sessions help text and entry details are light grey on white",
		Step:        stepAudit, Message: "color-contrast",
	},
	{
		// The page objects would miss the button too, but the audit runs first.
		Name:        "log-out-button-without-name",
		Description: "the Log Out buttons have no accessible name because their text is aria-hidden",
		Step:        stepAudit, Message: "button-name",
	},

	// Log Out. A correct Log Out makes another session's entry leave the
	// list, and the page's own session's Log Out makes the page leave for
	// /login, so the spec reports what did not leave.
	{
		Name:        "log-out-does-nothing",
		Description: "the Log Out buttons have no effect",
		Step:        stepLogOutAll, Message: "leave",
	},
	{
		Name:        "revoke-ignored",
		Description: "the server returns 200 OK to a session revoke but keeps the session",
		Step:        stepLogOutAll, Message: "leave",
	},
	{
		Name:        "current-revoke-stays-signed-in",
		Description: "after its own session is revoked the web app empties the list and stays on the page instead of going to the login page",
		Step:        stepLogOutAll, Message: "leave",
	},
	{
		Name:        "revoked-entry-stays",
		Description: "after Log Out the web app keeps showing the revoked entry and does not reload the list",
		Step:        stepLogOutAll, Message: "leave",
	},

	// Several sessions at once, beyond MM-T2088.
	{
		Name:        "sessions-list-capped",
		Description: "the Active Sessions modal shows at most five entries, however many sessions there are",
		Step:        stepEveryDescribed, Message: "expected 7 sessions",
		Scenario: scenarioAllClients,
	},
	{
		Name:        "log-out-revokes-every-session",
		Description: "pressing Log Out on one entry revokes every session of the user, the page's own included",
		Step:        stepOnlyThatGone, Message: "still signed in",
		Scenario: scenarioAllClients,
	},
	{
		Name:        "reopened-list-is-stale",
		Description: "the web app shows the list it loaded first whenever the modal is reopened, without asking the server",
		Step:        stepNoLongerListed, Message: "still lists",
		Scenario: scenarioRevokedElsewhere,
	},

	// The way back in.
	{
		Name:        "no-login-page-after-logout",
		Description: "after its own session is revoked the web app goes to /login but shows an error page instead of the login form",
		Step:        stepLoginScreen, Message: "login",
	},
	{
		Name:        "login-fails-after-logout",
		Description: "once one of a user's sessions was revoked or logged out, the server rejects that user's logins as invalid credentials (system admins excepted)",
		Step:        stepLogBackIn, Message: "invalid",
	},

	// Server failures, for the web app's requests only (cookie sessions), so
	// that the spec's own API calls still work.
	{
		Name:        "sessions-500",
		Description: "GET /api/v4/users/{user_id}/sessions from the web app returns 500 Internal Server Error",
		Step:        stepOpen, Message: "500",
	},
	{
		// A flaky server: a run with --retries 1 passes and reports the
		// scenario as flaky.
		Name:        "sessions-500-once",
		Description: "the web app's first GET /api/v4/users/{user_id}/sessions returns 500, later ones succeed",
		Step:        stepOpen, Message: "500",
		Clients: []string{clientWindows},
	},
	{
		Name:        "sessions-hang",
		Description: "GET /api/v4/users/{user_id}/sessions from the web app sends no response until the client goes away",
		Step:        stepOpen, Message: "timed out",
	},
}

// Faults returns the registry of faults, in a new slice on each call.
func Faults() []Fault {
	out := make([]Fault, len(faults))
	for i, f := range faults {
		f.Clients = slices.Clone(f.Clients)
		out[i] = f
	}
	return out
}

// faultNames returns the registry's names in order.
func faultNames() []string {
	names := make([]string, len(faults))
	for i, f := range faults {
		names[i] = f.Name
	}
	return names
}

// validateFaults returns the set of the given names, or an error naming the
// first unknown one and listing the known ones.
func validateFaults(names []string) (map[string]bool, error) {
	known := faultNames()
	set := make(map[string]bool, len(names))
	for _, name := range names {
		if !slices.Contains(known, name) {
			return nil, fmt.Errorf("unknown fault %q; known faults: %s", name, strings.Join(known, ", "))
		}
		set[name] = true
	}
	return set, nil
}
