package steps

import (
	"fmt"
	"regexp"
)

// Definition is one step phrase the features may use: its pattern, an
// example a product owner can copy, and the method that runs it.
type Definition struct {
	Pattern string
	Example string
	handler func(st *scenario) any
}

// Regexp compiles the pattern.
func (d Definition) Regexp() *regexp.Regexp {
	return regexp.MustCompile(d.Pattern)
}

// definitions lists every step phrase, in the order a scenario uses them.
// InitializeScenario registers them, and `mmspec check` and `mmspec steps`
// read them without a browser.
var definitions = []Definition{
	{`^I am signed in on the "([^"]*)" client$`, `Given I am signed in on the "Windows" client`,
		func(st *scenario) any { return st.iAmSignedInOnTheClient }},
	{`^I am also signed in on (\d+) other clients?$`, `And I am also signed in on 2 other clients`,
		func(st *scenario) any { return st.iAmAlsoSignedInOnOtherClients }},
	{`^I am also signed in on these clients:$`, `And I am also signed in on these clients:`,
		func(st *scenario) any { return st.iAmAlsoSignedInOnTheseClients }},
	{`^I open View and Log Out of Active Sessions from Profile > Security$`,
		`When I open View and Log Out of Active Sessions from Profile > Security`,
		func(st *scenario) any { return st.iOpenActiveSessions }},
	{`^the current session is described as "([^"]*)"$`, `Then the current session is described as "Windows"`,
		func(st *scenario) any { return st.theCurrentSessionIsDescribedAs }},
	{`^I expand every session with More info$`, `When I expand every session with More info`,
		func(st *scenario) any { return st.iExpandEverySessionWithMoreInfo }},
	{`^every session shows its details with no visible issues$`,
		`Then every session shows its details with no visible issues`,
		func(st *scenario) any { return st.everySessionShowsItsDetails }},
	{`^the Active Sessions modal passes the accessibility audit$`,
		`And the Active Sessions modal passes the accessibility audit`,
		func(st *scenario) any { return st.theModalPassesTheAccessibilityAudit }},
	{`^every session is described as its client$`, `Then every session is described as its client`,
		func(st *scenario) any { return st.everySessionIsDescribedAsItsClient }},
	{`^I log out of the "([^"]*)" session$`, `When I log out of the "Android Native App" session`,
		func(st *scenario) any { return st.iLogOutOfTheSession }},
	{`^only that session is gone and I am still signed in$`,
		`Then only that session is gone and I am still signed in`,
		func(st *scenario) any { return st.onlyThatSessionIsGone }},
	{`^the "([^"]*)" session is revoked elsewhere$`, `And the "Macintosh" session is revoked elsewhere`,
		func(st *scenario) any { return st.theSessionIsRevokedElsewhere }},
	{`^I close and reopen the Active Sessions modal$`, `And I close and reopen the Active Sessions modal`,
		func(st *scenario) any { return st.iCloseAndReopenTheModal }},
	{`^the "([^"]*)" session is no longer listed$`, `Then the "Macintosh" session is no longer listed`,
		func(st *scenario) any { return st.theSessionIsNoLongerListed }},
	{`^I log out of every session$`, `When I log out of every session`,
		func(st *scenario) any { return st.iLogOutOfEverySession }},
	{`^the login screen shows$`, `Then the login screen shows`,
		func(st *scenario) any { return st.theLoginScreenShows }},
	{`^I log back in$`, `When I log back in`,
		func(st *scenario) any { return st.iLogBackIn }},
	{`^the channel view shows$`, `Then the channel view shows`,
		func(st *scenario) any { return st.theChannelViewShows }},
}

// Definitions returns every step phrase the features may use.
func Definitions() []Definition {
	return append([]Definition(nil), definitions...)
}

// Match returns the definitions whose pattern matches the step text.
func Match(text string) []Definition {
	var out []Definition
	for _, d := range definitions {
		if d.Regexp().MatchString(text) {
			out = append(out, d)
		}
	}
	return out
}

func init() {
	for _, d := range definitions {
		text := d.Example
		for _, kw := range []string{"Given ", "When ", "Then ", "And ", "But "} {
			if len(text) > len(kw) && text[:len(kw)] == kw {
				text = text[len(kw):]
			}
		}
		if n := len(Match(text)); n != 1 {
			panic(fmt.Sprintf("steps: the example %q matches %d definitions, want 1", d.Example, n))
		}
	}
}
