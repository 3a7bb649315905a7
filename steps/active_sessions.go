package steps

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"mmspec/support/pages"
)

// withEvents adds what the page logged since the modal opened to err, so a
// timeout names the failed request or error that caused it.
func (st *scenario) withEvents(err error) error {
	if err == nil || st.watch == nil {
		return err
	}
	events := st.watch.Since(st.modalMark)
	if len(events) == 0 {
		return err
	}
	return fmt.Errorf("%w; meanwhile the page logged: %s", err, strings.Join(events, "; "))
}

func (st *scenario) needModal() error {
	if st.modal == nil {
		return errors.New("the Active Sessions modal is not open: put \"When I open View and Log Out of " +
			"Active Sessions from Profile > Security\" before this step")
	}
	return nil
}

func (st *scenario) iOpenActiveSessions(ctx context.Context) error {
	if st.page == nil {
		return errors.New(`no browser is signed in: put "Given I am signed in on the \"<client>\" client" first`)
	}
	profile, err := pages.NewChannelView(st.page, st.timeouts()).OpenProfile()
	if err != nil {
		return st.fail(err)
	}
	if err := profile.OpenSecurity(); err != nil {
		return st.fail(err)
	}
	st.profile = profile
	st.modalMark = st.watch.Mark()
	modal, err := profile.OpenActiveSessions()
	if err != nil {
		return st.fail(st.withEvents(err))
	}
	st.modal = modal
	return nil
}

// theCurrentSessionIsDescribedAs checks that exactly one entry carries the
// expected description. Every session of a scenario emulates a client with
// a label of its own, so that entry is the current session's. Its Session
// ID is checked once More info is expanded.
func (st *scenario) theCurrentSessionIsDescribedAs(ctx context.Context, want string) error {
	if err := st.needModal(); err != nil {
		return err
	}
	entries, err := st.modal.Entries()
	if err != nil {
		return st.fail(err)
	}

	var matches []pages.Entry
	for _, e := range entries {
		if e.Label == want {
			matches = append(matches, e)
		}
	}
	if len(matches) != 1 {
		return st.fail(fmt.Errorf("expected the current session to be described as %q by exactly one entry, "+
			"but %d entries are; the modal lists %s", want, len(matches), listLabels(entries)))
	}

	wantCount := 1 + len(st.otherIDs)
	if len(entries) != wantCount {
		return st.fail(fmt.Errorf("expected %d sessions in the modal (this client and %d others), but it lists %s",
			wantCount, len(st.otherIDs), listLabels(entries)))
	}
	if problems := st.otherLabelProblems(entries); len(problems) > 0 {
		return st.fail(fmt.Errorf("the other sessions are described wrongly: %s", strings.Join(problems, "; ")))
	}
	return nil
}

// otherLabelProblems compares the other entries' labels with the labels of
// the clients that made those sessions.
func (st *scenario) otherLabelProblems(entries []pages.Entry) []string {
	want := map[string]int{st.client.Label: 1}
	for _, c := range st.otherIDs {
		want[c.Label]++
	}
	seen := map[string]int{}
	for _, e := range entries {
		seen[e.Label]++
	}
	var problems []string
	for label, n := range want {
		if seen[label] != n {
			problems = append(problems, fmt.Sprintf("expected %d entry described as %q, saw %d", n, label, seen[label]))
		}
	}
	sort.Strings(problems)
	return problems
}

func listLabels(entries []pages.Entry) string {
	if len(entries) == 0 {
		return "no entries"
	}
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = e.String()
	}
	return strings.Join(parts, ", ")
}

func (st *scenario) iExpandEverySessionWithMoreInfo(ctx context.Context) error {
	if err := st.needModal(); err != nil {
		return err
	}
	return st.fail(st.withEvents(st.modal.ExpandAll()))
}

// everySessionShowsItsDetails checks every entry for visible issues, checks
// that the entries are exactly the scenario's sessions, and that nothing
// failed on the page while the modal was open. It attaches a screenshot of
// the modal either way.
func (st *scenario) everySessionShowsItsDetails(ctx context.Context) (context.Context, error) {
	if err := st.needModal(); err != nil {
		return ctx, err
	}
	ctx = st.attachModal(ctx)

	entries, err := st.modal.Entries()
	if err != nil {
		return ctx, st.fail(err)
	}
	var problems []string
	opts := st.checkOptions()
	for _, e := range entries {
		for _, p := range e.Problems(opts) {
			problems = append(problems, fmt.Sprintf("%s: %s", e, p))
		}
	}
	problems = append(problems, st.sessionIDProblems(entries)...)
	for _, event := range st.watch.Since(st.modalMark) {
		problems = append(problems, "while the modal was open: "+event)
	}
	if len(problems) > 0 {
		return ctx, st.fail(fmt.Errorf("expected every session's details with no visible issues, but found %d: %s",
			len(problems), strings.Join(problems, "; ")))
	}
	return ctx, nil
}

// attachModal attaches a screenshot of the open modal to the report.
func (st *scenario) attachModal(ctx context.Context) context.Context {
	png, err := st.modal.Screenshot()
	if err != nil {
		st.suite.Log.Warn("screenshot of the Active Sessions modal", "client", st.client.Name, "err", err)
		return ctx
	}
	return godog.Attach(ctx, godog.Attachment{
		FileName:  fmt.Sprintf("active-sessions-%s.png", slug(st.client.Name)),
		MediaType: "image/png",
		Body:      png,
	})
}

func (st *scenario) checkOptions() pages.CheckOptions {
	loc, err := time.LoadLocation(st.suite.TimezoneID)
	if err != nil {
		loc = time.UTC
	}
	return pages.CheckOptions{
		Now:        time.Now(),
		Location:   loc,
		ParseDates: strings.EqualFold(st.suite.Locale, "en-US"),
		IconTitles: pages.IconTitles,
	}
}

// sessionIDProblems checks that the entries show exactly the scenario's
// sessions and that each carries its own client's label and icon.
func (st *scenario) sessionIDProblems(entries []pages.Entry) []string {
	var problems []string
	seen := map[string]bool{}
	for _, e := range entries {
		id := e.Details.SessionID
		seen[id] = true
		switch other, ok := st.otherIDs[id]; {
		case id == st.currentID:
			if e.Label != st.client.Label {
				problems = append(problems, fmt.Sprintf("%s shows the current session's ID %s, but is described as %q, "+
					"expected %q", e, id, e.Label, st.client.Label))
			}
			if st.client.Icon != "" && e.IconTitle != st.client.Icon {
				problems = append(problems, fmt.Sprintf("%s (the current session) has the icon %q, expected %q",
					e, e.IconTitle, st.client.Icon))
			}
		case ok:
			if e.Label != other.Label {
				problems = append(problems, fmt.Sprintf("%s shows the ID of the %s session, %s, but is described as %q",
					e, other.Name, id, e.Label))
			}
		case id != "":
			problems = append(problems, fmt.Sprintf("%s shows Session ID %s, which is none of this user's sessions", e, id))
		}
	}
	if !seen[st.currentID] {
		problems = append(problems, fmt.Sprintf("no entry shows the current session's ID %s", st.currentID))
	}
	for id, other := range st.otherIDs {
		if !seen[id] {
			problems = append(problems, fmt.Sprintf("no entry shows the %s session's ID %s", other.Name, id))
		}
	}
	return problems
}

func (st *scenario) iLogOutOfEverySession(ctx context.Context) error {
	if err := st.needModal(); err != nil {
		return err
	}
	if _, err := st.modal.LogOutEvery(st.currentID); err != nil {
		return st.fail(st.withEvents(err))
	}
	st.modal = nil

	sessions, err := st.sessions(ctx)
	if err != nil {
		return st.fail(err)
	}
	if len(sessions) > 0 {
		ids := make([]string, len(sessions))
		for i, s := range sessions {
			ids[i] = s.ID
		}
		return st.fail(fmt.Errorf("expected no sessions left after logging out of every one, but the server "+
			"still has %d: %s", len(sessions), strings.Join(ids, ", ")))
	}
	return nil
}

var loginPath = regexp.MustCompile(`^/login/?$`)

func (st *scenario) theLoginScreenShows(ctx context.Context) error {
	if st.page == nil {
		return errors.New("no browser is open")
	}
	if err := pages.NewLogin(st.page, st.timeouts()).WaitShown(); err != nil {
		return st.fail(err)
	}
	u, err := url.Parse(st.page.URL())
	if err != nil || !loginPath.MatchString(u.Path) {
		return st.fail(fmt.Errorf("expected the login screen at /login, but the page is at %s", st.page.URL()))
	}
	return nil
}

func (st *scenario) iLogBackIn(ctx context.Context) error {
	if st.page == nil {
		return errors.New("no browser is open")
	}
	login := pages.NewLogin(st.page, st.timeouts())
	if err := login.SignIn(st.user.Username, st.user.Password); err != nil {
		return st.fail(fmt.Errorf("log back in as %s: %w", st.user.Username, err))
	}
	return nil
}

var channelPath = regexp.MustCompile(`^/[^/]+/channels/[^/]+$`)

func (st *scenario) theChannelViewShows(ctx context.Context) error {
	if st.page == nil {
		return errors.New("no browser is open")
	}
	if err := pages.NewChannelView(st.page, st.timeouts()).WaitShown(); err != nil {
		return st.fail(err)
	}
	u, err := url.Parse(st.page.URL())
	if err != nil || !channelPath.MatchString(u.Path) {
		return st.fail(fmt.Errorf("expected a channel at /<team>/channels/<channel>, but the page is at %s",
			st.page.URL()))
	}
	sessions, err := st.sessions(ctx)
	if err != nil {
		return st.fail(err)
	}
	if len(sessions) != 1 {
		return st.fail(fmt.Errorf("expected one session after logging back in, but the server has %d", len(sessions)))
	}
	return nil
}

// slug makes a client name safe for a file name.
func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
