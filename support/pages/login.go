package pages

import (
	"fmt"
	"strings"

	"github.com/mxschmitt/playwright-go"
)

// Login is the login page, /login, with the first-visit landing page that
// can stand before it.
type Login struct {
	page     playwright.Page
	timeouts Timeouts
}

// NewLogin returns the login page object for page.
func NewLogin(page playwright.Page, timeouts Timeouts) *Login {
	return &Login{page: page, timeouts: timeouts}
}

func (l *Login) username() playwright.Locator {
	// The field's accessible name follows the server's sign-in settings
	// ("Email or Username" by default), so the id is the stable handle.
	return l.page.Locator("#input_loginId")
}

func (l *Login) password() playwright.Locator {
	return l.page.Locator("#input_password-input")
}

func (l *Login) submit() playwright.Locator {
	return l.page.GetByTestId("saveSetting").Or(l.page.Locator("#saveSetting")).First()
}

func (l *Login) errorBanner() playwright.Locator {
	return l.page.Locator(".login-body-card-banner")
}

// viewInBrowser is the landing page's choice to stay in the browser. The web
// app shows the landing page on a browser's first visit when the server has
// app download links.
func (l *Login) viewInBrowser() playwright.Locator {
	return landingChoice(l.page)
}

func landingChoice(page playwright.Page) playwright.Locator {
	return page.GetByText("View in Browser", playwright.PageGetByTextOptions{Exact: playwright.Bool(true)})
}

// Open goes to /login and gets past the landing page if it shows.
func (l *Login) Open() error {
	if _, err := l.page.Goto("/login", playwright.PageGotoOptions{Timeout: ms(l.timeouts.navigation())}); err != nil {
		return fmt.Errorf("open the login page: %w", firstLine(err))
	}
	return l.PassLanding()
}

// PassLanding waits for the login form or the landing page, and on the
// landing page chooses "View in Browser".
func (l *Login) PassLanding() error {
	either := l.username().Or(l.viewInBrowser())
	if err := waitVisible(either.First(), "the login form or the landing page", l.timeouts.navigation()); err != nil {
		return fmt.Errorf("%w (page at %s)", err, pathOf(l.page))
	}
	if isVisible(l.viewInBrowser()) {
		if err := click(l.viewInBrowser(), `"View in Browser" on the landing page`, l.timeouts.action()); err != nil {
			return err
		}
	}
	return l.WaitShown()
}

// WaitShown waits until the login form is ready for input.
func (l *Login) WaitShown() error {
	for _, part := range []struct {
		loc  playwright.Locator
		what string
	}{
		{l.username(), "the login page's username field #input_loginId"},
		{l.password(), "the login page's password field #input_password-input"},
		{l.submit(), `the login page's "Log in" button`},
	} {
		if err := waitVisible(part.loc, part.what, l.timeouts.navigation()); err != nil {
			return fmt.Errorf("%w (page at %s)", err, pathOf(l.page))
		}
	}
	return nil
}

// SignIn fills in the form and submits it. It returns once the page has
// left the login page, or with the error banner's text when the server
// rejected the credentials.
func (l *Login) SignIn(username, password string) error {
	if err := l.username().Fill(username, playwright.LocatorFillOptions{Timeout: ms(l.timeouts.action())}); err != nil {
		return fmt.Errorf("fill in the username: %w", firstLine(err))
	}
	if err := l.password().Fill(password, playwright.LocatorFillOptions{Timeout: ms(l.timeouts.action())}); err != nil {
		return fmt.Errorf("fill in the password: %w", firstLine(err))
	}
	if err := click(l.submit(), `the "Log in" button`, l.timeouts.action()); err != nil {
		return err
	}

	channel := l.page.Locator("#channel_view")
	outcome := channel.Or(l.errorBanner()).First()
	if err := waitVisible(outcome, "the channel view or a login error after pressing Log in",
		l.timeouts.navigation()); err != nil {
		return fmt.Errorf("%w; the page stayed at %s", err, pathOf(l.page))
	}
	if isVisible(l.errorBanner()) {
		text, _ := l.errorBanner().InnerText()
		return fmt.Errorf("the login page rejected the sign-in: %q", strings.TrimSpace(text))
	}
	return nil
}
