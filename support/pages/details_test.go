package pages

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var now = time.Date(2026, 12, 4, 15, 20, 0, 0, time.UTC)

const goodInfo = `Last activity: December 04, 2026, 03:19 PM
First time active: December 04, 2026, 03:18 PM
OS: Mac OS
Browser: Chrome/131.0
Session ID: abcdefghijklmnopqrstuvwxyz`

func goodEntry() Entry {
	return Entry{
		Index:     1,
		Label:     "Macintosh",
		HasIcon:   true,
		IconTitle: "Apple Icon",
		HasLogOut: true,
		Info:      goodInfo,
		Details:   ParseDetails(goodInfo),
	}
}

func opts() CheckOptions {
	return CheckOptions{Now: now, Location: time.UTC, ParseDates: true, IconTitles: IconTitles}
}

func TestParseDetails(t *testing.T) {
	d := ParseDetails(goodInfo)

	assert.Equal(t, "December 04, 2026, 03:19 PM", d.Values[LastActivity])
	assert.Equal(t, "December 04, 2026, 03:18 PM", d.Values[FirstTimeActive])
	assert.Equal(t, "Mac OS", d.Values[OS])
	assert.Equal(t, "Chrome/131.0", d.Values[Browser])
	assert.Equal(t, "abcdefghijklmnopqrstuvwxyz", d.SessionID)
}

func TestParseDetailsCollapsed(t *testing.T) {
	d := ParseDetails("Last activity: December 04, 2026, 03:19 PM\nMore info")

	assert.Len(t, d.Values, 1)
	assert.Empty(t, d.SessionID)
}

func TestProblemsNoneForGoodEntry(t *testing.T) {
	assert.Empty(t, goodEntry().Problems(opts()))
}

func TestProblemsFindsEachIssue(t *testing.T) {
	tests := []struct {
		name   string
		change func(e *Entry)
		want   string
	}{
		{"missing OS", func(e *Entry) { delete(e.Details.Values, OS) }, `"OS:" is missing`},
		{"empty OS", func(e *Entry) { e.Details.Values[OS] = "" }, `"OS:" is empty`},
		{"undefined browser", func(e *Entry) { e.Details.Values[Browser] = "undefined" }, `"Browser:" reads "undefined"`},
		{"null session id", func(e *Entry) { e.Details.Values[SessionID] = "null" }, `"Session ID:" reads "null"`},
		{"NaN date", func(e *Entry) { e.Details.Values[LastActivity] = "NaN" }, `"Last activity:" reads "NaN"`},
		{"Invalid Date", func(e *Entry) { e.Details.Values[FirstTimeActive] = "Invalid Date" },
			`"First time active:" reads "Invalid Date"`},
		{"malformed date", func(e *Entry) { e.Details.Values[LastActivity] = "yesterday" },
			`expected a date like "December 04, 2026, 03:20 PM"`},
		{"date of 1970", func(e *Entry) { e.Details.Values[FirstTimeActive] = "January 01, 1970, 12:00 AM" },
			"not within the past year"},
		{"browser without version", func(e *Entry) { e.Details.Values[Browser] = "Chrome" },
			"expected <name>/<version>"},
		{"short session id", func(e *Entry) { e.Details.Values[SessionID] = "abc" },
			"expected a 26-character Mattermost id"},
		{"no icon", func(e *Entry) { e.HasIcon = false }, "the device icon is missing"},
		{"icon without title", func(e *Entry) { e.IconTitle = "" }, `the device icon's title is ""`},
		{"not expanded", func(e *Entry) { e.HasMoreInfo = true }, `"More info" is still shown`},
		{"no log out", func(e *Entry) { e.HasLogOut = false }, `the "Log Out" button is missing`},
		{"no label", func(e *Entry) { e.Label = " " }, "the entry has no label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := goodEntry()
			e.Details = ParseDetails(goodInfo)
			tt.change(&e)

			problems := e.Problems(opts())

			require.Len(t, problems, 1, "problems: %v", problems)
			assert.Contains(t, problems[0], tt.want)
		})
	}
}

func TestProblemsSkipsDateParsingOutsideEnUS(t *testing.T) {
	e := goodEntry()
	e.Details.Values[LastActivity] = "4. Dezember 2026 um 15:19"
	o := opts()
	o.ParseDates = false

	assert.Empty(t, e.Problems(o))
}

func TestPathOfURL(t *testing.T) {
	assert.Equal(t, "/login", pathOfURL("http://127.0.0.1:1234/login"))
	assert.Equal(t, "/", pathOfURL("http://127.0.0.1:1234"))
	assert.Equal(t, "about:blank", pathOfURL("about:blank"))
}
