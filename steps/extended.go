package steps

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/cucumber/godog"

	"mmspec/support/clients"
)

// iAmAlsoSignedInOnTheseClients signs the user in through the API on each
// client type of the table's "client" column.
func (st *scenario) iAmAlsoSignedInOnTheseClients(ctx context.Context, table *godog.Table) error {
	if st.user.ID == "" {
		return errors.New(`"I am also signed in on these clients" needs a signed-in user first: ` +
			`put "Given I am signed in on the \"<client>\" client" before it`)
	}
	names, err := clientColumn(table)
	if err != nil {
		return err
	}
	for _, name := range names {
		other, err := st.suite.Catalogue.Lookup(name)
		if err != nil {
			return err
		}
		if err := st.signInOther(ctx, other); err != nil {
			return st.fail(err)
		}
	}
	return nil
}

// clientColumn returns the cells of a table's "client" column.
func clientColumn(table *godog.Table) ([]string, error) {
	if table == nil || len(table.Rows) < 2 {
		return nil, errors.New(`the step needs a table with a "client" column and one client type per row`)
	}
	col := -1
	for i, cell := range table.Rows[0].Cells {
		if cell.Value == "client" {
			col = i
		}
	}
	if col < 0 {
		return nil, errors.New(`the table has no "client" column; put "| client |" in its first row`)
	}
	var names []string
	for _, row := range table.Rows[1:] {
		names = append(names, row.Cells[col].Value)
	}
	return names, nil
}

// signInOther logs the user in on another client through the API and
// remembers the session it made.
func (st *scenario) signInOther(ctx context.Context, other clients.Client) error {
	if _, err := st.apiLogin(ctx, other, false); err != nil {
		return err
	}
	id, err := st.newSessionID(ctx)
	if err != nil {
		return err
	}
	st.otherIDs[id] = other
	return nil
}

// everySessionIsDescribedAsItsClient checks, by Session ID, that the modal
// lists exactly the scenario's sessions and labels each as its client.
func (st *scenario) everySessionIsDescribedAsItsClient(ctx context.Context) error {
	if err := st.needModal(); err != nil {
		return err
	}
	entries, err := st.modal.Entries()
	if err != nil {
		return st.fail(err)
	}
	want := 1 + len(st.otherIDs)
	var problems []string
	if len(entries) != want {
		problems = append(problems, fmt.Sprintf("expected %d sessions in the modal, but it lists %d: %s",
			want, len(entries), listLabels(entries)))
	}
	problems = append(problems, st.sessionIDProblems(entries)...)
	if len(problems) > 0 {
		return st.fail(errors.New(strings.Join(problems, "; ")))
	}
	return nil
}

// otherSession finds the session the scenario made for a client type.
func (st *scenario) otherSession(name string) (string, error) {
	for id, c := range st.otherIDs {
		if c.Name == name {
			return id, nil
		}
	}
	var names []string
	for _, c := range st.otherIDs {
		names = append(names, c.Name)
	}
	return "", fmt.Errorf("the user has no %q session in this scenario; the other sessions are on: %s",
		name, strings.Join(names, ", "))
}

func (st *scenario) iLogOutOfTheSession(ctx context.Context, name string) error {
	if err := st.needModal(); err != nil {
		return err
	}
	id, err := st.otherSession(name)
	if err != nil {
		return err
	}
	entries, err := st.modal.Entries()
	if err != nil {
		return st.fail(err)
	}
	st.listedBefore = entries
	if err := st.modal.LogOut(id); err != nil {
		return st.fail(st.withEvents(err))
	}
	st.loggedOut = id
	return nil
}

// onlyThatSessionIsGone checks that the page is still signed in, that the
// modal lists every session it listed before but the one logged out, and
// that the server still has the page's own session.
func (st *scenario) onlyThatSessionIsGone(ctx context.Context) error {
	if st.loggedOut == "" {
		return errors.New(`put "When I log out of the \"<client>\" session" before this step`)
	}
	u, err := url.Parse(st.page.URL())
	if err != nil || loginPath.MatchString(u.Path) {
		return st.fail(fmt.Errorf("expected to be still signed in after logging out of the %s session, but the "+
			"page is at %s", st.otherIDs[st.loggedOut].Name, st.page.URL()))
	}
	sessions, err := st.sessions(ctx)
	if err != nil {
		return st.fail(err)
	}
	alive := map[string]bool{}
	for _, s := range sessions {
		alive[s.ID] = true
	}
	if !alive[st.currentID] {
		return st.fail(fmt.Errorf("expected to be still signed in after logging out of the %s session, but the "+
			"server revoked the page's own session too", st.otherIDs[st.loggedOut].Name))
	}

	entries, err := st.modal.Entries()
	if err != nil {
		return st.fail(err)
	}
	listed := map[string]bool{}
	for _, e := range entries {
		listed[e.Details.SessionID] = true
	}
	var problems []string
	for _, before := range st.listedBefore {
		id := before.Details.SessionID
		switch {
		case id == st.loggedOut && listed[id]:
			problems = append(problems, fmt.Sprintf("the logged-out session %s is still listed", id))
		case id != st.loggedOut && !listed[id]:
			problems = append(problems, fmt.Sprintf("%s (session %s) is gone too", before, id))
		case id != st.loggedOut && !alive[id]:
			problems = append(problems, fmt.Sprintf("the server revoked %s (session %s) too", before, id))
		}
	}
	if len(problems) > 0 {
		return st.fail(fmt.Errorf("expected only the %s session to be gone: %s", st.otherIDs[st.loggedOut].Name,
			strings.Join(problems, "; ")))
	}
	return nil
}

func (st *scenario) theSessionIsRevokedElsewhere(ctx context.Context, name string) error {
	id, err := st.otherSession(name)
	if err != nil {
		return err
	}
	ctx, cancel := st.apiContext(ctx)
	defer cancel()
	if err := st.suite.Admin.RevokeSession(ctx, st.user.ID, id); err != nil {
		return st.fail(fmt.Errorf("revoke the %s session through the API: %w", name, err))
	}
	return nil
}

func (st *scenario) iCloseAndReopenTheModal(ctx context.Context) error {
	if err := st.needModal(); err != nil {
		return err
	}
	if err := st.modal.Close(); err != nil {
		return st.fail(err)
	}
	st.modalMark = st.watch.Mark()
	modal, err := st.profile.OpenActiveSessions()
	if err != nil {
		return st.fail(st.withEvents(err))
	}
	st.modal = modal
	return nil
}

// theSessionIsNoLongerListed checks by label, which is unique to each of
// the scenario's clients, that the entry left the list and the others stay.
func (st *scenario) theSessionIsNoLongerListed(ctx context.Context, name string) (context.Context, error) {
	if err := st.needModal(); err != nil {
		return ctx, err
	}
	gone, err := st.suite.Catalogue.Lookup(name)
	if err != nil {
		return ctx, err
	}
	ctx = st.attachModal(ctx)
	entries, err := st.modal.Entries()
	if err != nil {
		return ctx, st.fail(err)
	}
	for _, e := range entries {
		if e.Label == gone.Label {
			return ctx, st.fail(fmt.Errorf("expected the %s session to be gone after it was revoked elsewhere, "+
				"but the modal still lists it as %s", name, e))
		}
	}
	if want := len(st.otherIDs); len(entries) != want {
		return ctx, st.fail(fmt.Errorf("expected %d sessions after one of %d was revoked, but the modal lists %s",
			want, want+1, listLabels(entries)))
	}
	return ctx, nil
}
