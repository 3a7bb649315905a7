// Package pages holds the page objects for the Mattermost web app on the
// path of the Active Sessions test case: the first-visit landing page, the
// login page, the channel view with its user menu, the Profile dialog and
// the Active Sessions modal.
//
// Locators use roles and accessible names first and Mattermost's own ids
// second, never CSS paths, so the same page objects run against mmlite and
// against real Mattermost web apps of both generations: 9.x (checked on
// 9.11.2) and 10 and later (checked on 11.0.3).
package pages

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mxschmitt/playwright-go"
)

// Timeouts bound every wait of a page object.
type Timeouts struct {
	// Action bounds a click, a fill or a wait for one element.
	Action time.Duration
	// Navigation bounds a page load or a move to another screen.
	Navigation time.Duration
}

// DefaultTimeouts are used where a page object gets zero values.
var DefaultTimeouts = Timeouts{Action: 15 * time.Second, Navigation: 30 * time.Second}

func (t Timeouts) action() time.Duration {
	if t.Action <= 0 {
		return DefaultTimeouts.Action
	}
	return t.Action
}

func (t Timeouts) navigation() time.Duration {
	if t.Navigation <= 0 {
		return DefaultTimeouts.Navigation
	}
	return t.Navigation
}

func ms(d time.Duration) *float64 {
	return playwright.Float(float64(d.Milliseconds()))
}

// waitVisible waits for l to be visible and names what it waited for when
// the wait times out.
func waitVisible(l playwright.Locator, what string, timeout time.Duration) error {
	err := l.WaitFor(playwright.LocatorWaitForOptions{
		State:   playwright.WaitForSelectorStateVisible,
		Timeout: ms(timeout),
	})
	if err != nil {
		return waitError(what, timeout, err)
	}
	return nil
}

// waitHidden waits for l to be hidden or detached.
func waitHidden(l playwright.Locator, what string, timeout time.Duration) error {
	err := l.WaitFor(playwright.LocatorWaitForOptions{
		State:   playwright.WaitForSelectorStateHidden,
		Timeout: ms(timeout),
	})
	if err != nil {
		return waitError(what, timeout, err)
	}
	return nil
}

// waitError turns a Playwright timeout into a message that names what was
// awaited; other errors keep their cause.
func waitError(what string, timeout time.Duration, err error) error {
	if errors.Is(err, playwright.ErrTimeout) {
		return fmt.Errorf("timed out after %s waiting for %s", timeout, what)
	}
	return fmt.Errorf("waiting for %s: %w", what, firstLine(err))
}

// firstLine keeps the first line of a Playwright error; the rest is a call
// log that repeats it.
func firstLine(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, "\n"); i >= 0 {
		return errors.New(strings.TrimSpace(msg[:i]))
	}
	return err
}

// click clicks l and names what it clicked when that fails.
func click(l playwright.Locator, what string, timeout time.Duration) error {
	if err := l.Click(playwright.LocatorClickOptions{Timeout: ms(timeout)}); err != nil {
		if errors.Is(err, playwright.ErrTimeout) {
			return fmt.Errorf("timed out after %s waiting to click %s", timeout, what)
		}
		return fmt.Errorf("click %s: %w", what, firstLine(err))
	}
	return nil
}

// isVisible reports whether l is visible now, without waiting.
func isVisible(l playwright.Locator) bool {
	ok, err := l.IsVisible()
	return err == nil && ok
}

// pathOf returns the path of the page's URL, for messages.
func pathOf(p playwright.Page) string {
	return pathOfURL(p.URL())
}

func pathOfURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.Index(u, "/"); j >= 0 {
			return u[j:]
		}
		return "/"
	}
	return u
}
