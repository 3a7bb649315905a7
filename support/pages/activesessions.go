package pages

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/mxschmitt/playwright-go"
)

// ActiveSessions is the Active Sessions modal. It is found as the modal
// content that holds the heading "Active Sessions", because Mattermost 11.0
// gives the dialog no accessible name and some versions give it role none.
type ActiveSessions struct {
	page     playwright.Page
	timeouts Timeouts
}

// NewActiveSessions returns the page object of the Active Sessions modal.
func NewActiveSessions(page playwright.Page, timeouts Timeouts) *ActiveSessions {
	return &ActiveSessions{page: page, timeouts: timeouts}
}

// Root is the modal's content element.
func (a *ActiveSessions) Root() playwright.Locator {
	heading := a.page.GetByRole("heading", playwright.PageGetByRoleOptions{
		Name:  "Active Sessions",
		Exact: playwright.Bool(true),
	})
	return a.page.Locator(".modal-content").Filter(playwright.LocatorFilterOptions{Has: heading})
}

func (a *ActiveSessions) entries() playwright.Locator {
	return a.Root().Locator(".activity-log__table")
}

func (a *ActiveSessions) entryWithSessionID(id string) playwright.Locator {
	return a.entries().Filter(playwright.LocatorFilterOptions{HasText: "Session ID: " + id})
}

// WaitLoaded waits for the modal and its first session entry.
func (a *ActiveSessions) WaitLoaded() error {
	if err := waitVisible(a.Root(), `the Active Sessions modal (modal content with the heading "Active Sessions")`,
		a.timeouts.action()); err != nil {
		return err
	}
	return waitVisible(a.entries().First(), "the Active Sessions modal to list at least one session",
		a.timeouts.action())
}

// Entry is the content of one session's entry in the modal.
type Entry struct {
	// Index is the entry's position in the list, from 1.
	Index int
	// Label is the text that describes the client, such as "Windows".
	Label string
	// HasIcon reports whether the entry shows a device icon; IconTitle is
	// its title, such as "Apple Icon".
	HasIcon   bool
	IconTitle string
	// HasMoreInfo reports whether the "More info" link is still there.
	HasMoreInfo bool
	// HasLogOut reports whether the entry has its "Log Out" button.
	HasLogOut bool
	// Info is the text of the entry's details, one line per detail.
	Info string
	// Details are the values read from Info.
	Details Details
}

func (e Entry) String() string {
	return fmt.Sprintf("entry %d (%q)", e.Index, e.Label)
}

// readEntries reads every entry in one round trip, so that a list that
// reloads in between cannot mix two states.
const readEntries = `(tables) => tables.map((table) => {
  const platform = table.querySelector('.report__platform');
  const icon = platform ? platform.querySelector('i, svg') : null;
  const info = table.querySelector('.report__info');
  const links = info ? Array.from(info.querySelectorAll('a, button')) : [];
  const buttons = Array.from(table.querySelectorAll('.activity-log__action button'));
  return {
    label: platform ? platform.innerText.trim() : '',
    hasIcon: !!icon,
    iconTitle: icon ? (icon.getAttribute('title') || '') : '',
    hasMoreInfo: links.some((l) => l.innerText.trim() === 'More info'),
    hasLogOut: buttons.some((b) => b.innerText.trim() === 'Log Out'),
    info: info ? info.innerText : '',
  };
})`

// Entries reads every session entry the modal lists.
func (a *ActiveSessions) Entries() ([]Entry, error) {
	raw, err := a.entries().EvaluateAll(readEntries)
	if err != nil {
		return nil, fmt.Errorf("read the Active Sessions entries: %w", firstLine(err))
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("read the Active Sessions entries: unexpected result %T", raw)
	}
	entries := make([]Entry, 0, len(list))
	for i, item := range list {
		m, _ := item.(map[string]any)
		e := Entry{
			Index:       i + 1,
			Label:       str(m["label"]),
			HasIcon:     m["hasIcon"] == true,
			IconTitle:   str(m["iconTitle"]),
			HasMoreInfo: m["hasMoreInfo"] == true,
			HasLogOut:   m["hasLogOut"] == true,
			Info:        str(m["info"]),
		}
		e.Details = ParseDetails(e.Info)
		entries = append(entries, e)
	}
	return entries, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// ExpandAll clicks "More info" on every entry and waits for each entry to
// show its Session ID line.
func (a *ActiveSessions) ExpandAll() error {
	n, err := a.entries().Count()
	if err != nil {
		return fmt.Errorf("count the Active Sessions entries: %w", firstLine(err))
	}
	for i := 0; i < n; i++ {
		entry := a.entries().Nth(i)
		label, _ := entry.Locator(".report__platform").InnerText()
		what := fmt.Sprintf("entry %d (%q)", i+1, strings.TrimSpace(label))

		more := entry.GetByText("More info", playwright.LocatorGetByTextOptions{Exact: playwright.Bool(true)})
		if isVisible(more) {
			if err := click(more, `"More info" of `+what, a.timeouts.action()); err != nil {
				return err
			}
		}
		expanded := entry.Locator(".report__info").Filter(playwright.LocatorFilterOptions{HasText: "Session ID:"})
		if err := waitVisible(expanded, fmt.Sprintf(`%s to show its details after "More info" (a "Session ID:" line)`, what),
			a.timeouts.action()); err != nil {
			return err
		}
	}
	return nil
}

// LogOutReport lists the entries LogOutEvery logged out.
type LogOutReport struct {
	// Others are the labels of the other sessions logged out, in order.
	Others []string
	// Current is the label of the page's own session, logged out last.
	Current string
}

// LogOutEvery presses "Log Out" on every entry: first on each other
// session, checking that its entry goes away while the page stays, then on
// the page's own session, currentID, checking that the page leaves for the
// login screen.
func (a *ActiveSessions) LogOutEvery(currentID string) (LogOutReport, error) {
	var report LogOutReport
	for round := 0; ; round++ {
		entries, err := a.expandedEntries()
		if err != nil {
			return report, err
		}
		if round > len(entries)+2 {
			return report, fmt.Errorf("still %d entries after %d Log Out presses", len(entries), round)
		}
		other, current, err := pickOther(entries, currentID)
		if err != nil {
			return report, err
		}
		if other == nil {
			return report, a.logOutCurrent(*current, &report)
		}
		if err := a.logOutOther(*other, len(entries)); err != nil {
			return report, err
		}
		report.Others = append(report.Others, other.Label)
	}
}

// expandedEntries reads the entries after expanding any that a reload
// collapsed, because the Session ID identifies each entry.
func (a *ActiveSessions) expandedEntries() ([]Entry, error) {
	entries, err := a.Entries()
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.Details.SessionID == "" {
			if err := a.ExpandAll(); err != nil {
				return nil, err
			}
			return a.Entries()
		}
	}
	return entries, nil
}

func pickOther(entries []Entry, currentID string) (other, current *Entry, err error) {
	for i := range entries {
		if entries[i].Details.SessionID == currentID {
			current = &entries[i]
		} else if other == nil {
			other = &entries[i]
		}
	}
	if current == nil {
		return nil, nil, fmt.Errorf("no entry shows the current session's ID %s; the entries show %s",
			currentID, describeIDs(entries))
	}
	return other, current, nil
}

func describeIDs(entries []Entry) string {
	if len(entries) == 0 {
		return "no entries"
	}
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = fmt.Sprintf("%s: Session ID %q", e, e.Details.SessionID)
	}
	return strings.Join(parts, ", ")
}

func (a *ActiveSessions) logOutButton(entry playwright.Locator) playwright.Locator {
	return entry.GetByRole("button", playwright.LocatorGetByRoleOptions{
		Name:  "Log Out",
		Exact: playwright.Bool(true),
	})
}

// LogOut presses "Log Out" on the entry that shows the session id and
// waits for the entry to leave the list.
func (a *ActiveSessions) LogOut(sessionID string) error {
	entry := a.entryWithSessionID(sessionID)
	what := fmt.Sprintf("the entry of session %s", sessionID)
	if err := click(a.logOutButton(entry), `"Log Out" of `+what, a.timeouts.action()); err != nil {
		return err
	}
	err := waitHidden(entry, what+` to leave the list after pressing its "Log Out"`, a.timeouts.action())
	if err != nil {
		return fmt.Errorf("%w; the page is at %s", err, pathOf(a.page))
	}
	return nil
}

func (a *ActiveSessions) logOutOther(e Entry, before int) error {
	entry := a.entryWithSessionID(e.Details.SessionID)
	if err := click(a.logOutButton(entry), fmt.Sprintf(`"Log Out" of %s`, e), a.timeouts.action()); err != nil {
		return err
	}
	err := waitHidden(entry, fmt.Sprintf(`%s (session %s) to leave the list after pressing its "Log Out"`, e,
		e.Details.SessionID), a.timeouts.action())
	if err != nil {
		return fmt.Errorf("%w; the page is at %s", err, pathOf(a.page))
	}
	if n, err := a.entries().Count(); err == nil && n != before-1 {
		return fmt.Errorf(`expected %d entries after pressing "Log Out" on %s, but the modal lists %d`, before-1, e, n)
	}
	return nil
}

func (a *ActiveSessions) logOutCurrent(e Entry, report *LogOutReport) error {
	entry := a.entryWithSessionID(e.Details.SessionID)
	if err := click(a.logOutButton(entry), fmt.Sprintf(`"Log Out" of the current session, %s`, e),
		a.timeouts.action()); err != nil {
		return err
	}
	report.Current = e.Label
	login := regexp.MustCompile(`/login`)
	err := a.page.WaitForURL(login, playwright.PageWaitForURLOptions{Timeout: ms(a.timeouts.navigation())})
	if err != nil {
		if errors.Is(err, playwright.ErrTimeout) {
			return fmt.Errorf(`expected the page to leave for /login after pressing "Log Out" on the current `+
				"session, %s, but after %s it is still at %s", e, a.timeouts.navigation(), pathOf(a.page))
		}
		return fmt.Errorf("waiting for /login after logging out of the current session: %w", firstLine(err))
	}
	return nil
}

// Close closes the modal with its "Close" button.
func (a *ActiveSessions) Close() error {
	closeButton := a.Root().GetByRole("button", playwright.LocatorGetByRoleOptions{Name: "Close"}).First()
	if err := click(closeButton, "the Active Sessions modal's Close button", a.timeouts.action()); err != nil {
		return err
	}
	return waitHidden(a.Root(), "the Active Sessions modal to close", a.timeouts.action())
}

// Screenshot captures the modal's content as PNG.
func (a *ActiveSessions) Screenshot() ([]byte, error) {
	png, err := a.Root().Screenshot(playwright.LocatorScreenshotOptions{
		Timeout:    ms(a.timeouts.action()),
		Animations: playwright.ScreenshotAnimationsDisabled,
	})
	if err != nil {
		return nil, fmt.Errorf("screenshot the Active Sessions modal: %w", firstLine(err))
	}
	return png, nil
}
