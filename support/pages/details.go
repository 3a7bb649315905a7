package pages

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The details an entry shows: "Last activity" always, the other four once
// "More info" is expanded.
const (
	LastActivity    = "Last activity"
	FirstTimeActive = "First time active"
	OS              = "OS"
	Browser         = "Browser"
	SessionID       = "Session ID"
)

// DetailNames lists the details in the order the web app shows them.
var DetailNames = []string{LastActivity, FirstTimeActive, OS, Browser, SessionID}

// Details are the values of an entry's details; a detail the entry does not
// show is missing from Values.
type Details struct {
	Values map[string]string
	// SessionID is Values["Session ID"], or "" when missing.
	SessionID string
}

// ParseDetails reads "Name: value" lines from an entry's details text.
func ParseDetails(info string) Details {
	d := Details{Values: map[string]string{}}
	for _, line := range strings.Split(info, "\n") {
		line = strings.TrimSpace(line)
		for _, name := range DetailNames {
			if value, ok := strings.CutPrefix(line, name+":"); ok {
				d.Values[name] = strings.TrimSpace(value)
			}
		}
	}
	d.SessionID = d.Values[SessionID]
	return d
}

// DateLayout is the web app's date and time format in the en-US locale: "December 04, 2026, 03:19 PM".
const DateLayout = "January 02, 2006, 03:04 PM"

// badValues are the texts the web app shows when it formats a missing or
// broken value.
var badValues = []string{"undefined", "null", "NaN", "Invalid Date", "[object Object]"}

// Session IDs and browsers as Mattermost writes them: a 26-character id, and
// "<name>/<version>" such as "Chrome/131.0" or "Mobile App/2.22.0+581".
var (
	sessionIDPattern = regexp.MustCompile(`^[a-z0-9]{26}$`)
	browserPattern   = regexp.MustCompile(`^[^/\s][^/]*/\S+$`)
)

// CheckOptions tunes what Problems accepts.
type CheckOptions struct {
	// Now and Location place the dates: a date must parse in DateLayout
	// (when ParseDates is set) and lie between a year before Now and a
	// minute after it.
	Now        time.Time
	Location   *time.Location
	ParseDates bool
	// IconTitles are the device icon titles the web app uses.
	IconTitles []string
}

// IconTitles are the titles of the device icons Mattermost shows. 11.0
// titles the icon "Unknown" when no platform fits, such as an iPad in
// Safari; 9.11 gives it no title.
var IconTitles = []string{"Apple Icon", "Android Icon", "Windows Icon", "Linux Icon", "Unknown"}

// Problems lists every visible issue of an expanded entry: a missing or
// empty detail, a value that reads undefined, null, NaN or Invalid Date, a
// malformed date, browser or session id, a missing device icon or title.
func (e Entry) Problems(opts CheckOptions) []string {
	var problems []string
	if strings.TrimSpace(e.Label) == "" {
		problems = append(problems, "the entry has no label")
	}
	if !e.HasIcon {
		problems = append(problems, "the device icon is missing")
	} else if !contains(opts.IconTitles, e.IconTitle) {
		problems = append(problems, fmt.Sprintf("the device icon's title is %q, expected one of %s",
			e.IconTitle, quoteAll(opts.IconTitles)))
	}
	if e.HasMoreInfo {
		problems = append(problems, `"More info" is still shown, so the details were not expanded`)
	}
	if !e.HasLogOut {
		problems = append(problems, `the "Log Out" button is missing`)
	}
	for _, name := range DetailNames {
		problems = append(problems, checkDetail(name, e.Details.Values, opts)...)
	}
	return problems
}

func checkDetail(name string, values map[string]string, opts CheckOptions) []string {
	value, ok := values[name]
	if !ok {
		return []string{fmt.Sprintf("%q is missing", name+":")}
	}
	if value == "" {
		return []string{fmt.Sprintf("%q is empty", name+":")}
	}
	for _, bad := range badValues {
		if strings.Contains(value, bad) {
			return []string{fmt.Sprintf("%q reads %q", name+":", value)}
		}
	}
	switch name {
	case LastActivity, FirstTimeActive:
		if opts.ParseDates {
			return checkDate(name, value, opts)
		}
	case Browser:
		if !browserPattern.MatchString(value) {
			return []string{fmt.Sprintf("%q reads %q, expected <name>/<version> such as Chrome/131.0", name+":", value)}
		}
	case SessionID:
		if !sessionIDPattern.MatchString(value) {
			return []string{fmt.Sprintf("%q reads %q, expected a 26-character Mattermost id", name+":", value)}
		}
	}
	return nil
}

func checkDate(name, value string, opts CheckOptions) []string {
	loc := opts.Location
	if loc == nil {
		loc = time.UTC
	}
	t, err := time.ParseInLocation(DateLayout, value, loc)
	if err != nil {
		return []string{fmt.Sprintf("%q reads %q, expected a date like %q", name+":", value,
			opts.Now.In(loc).Format(DateLayout))}
	}
	if t.Before(opts.Now.AddDate(-1, 0, 0)) || t.After(opts.Now.Add(time.Minute)) {
		return []string{fmt.Sprintf("%q reads %q, which is not within the past year (now %s)", name+":", value,
			opts.Now.In(loc).Format(DateLayout))}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
