package pages

import (
	"fmt"
	"regexp"

	"github.com/mxschmitt/playwright-go"
)

// ChannelView is the signed-in app: the channel view with the global header
// on wide screens, or the mobile header on screens 768 px wide or less.
type ChannelView struct {
	page     playwright.Page
	timeouts Timeouts
}

// NewChannelView returns the channel view page object for page.
func NewChannelView(page playwright.Page, timeouts Timeouts) *ChannelView {
	return &ChannelView{page: page, timeouts: timeouts}
}

// Open loads the app's root with the session the browser carries, gets
// past the first-visit landing page and waits for the channel view.
func (c *ChannelView) Open() error {
	if _, err := c.page.Goto("/", playwright.PageGotoOptions{Timeout: ms(c.timeouts.navigation())}); err != nil {
		return fmt.Errorf("open the app: %w", firstLine(err))
	}
	channel := c.page.Locator("#channel_view")
	landing := landingChoice(c.page)
	if err := waitVisible(channel.Or(landing).First(), "the channel view or the landing page",
		c.timeouts.navigation()); err != nil {
		return fmt.Errorf("%w (page at %s)", err, pathOf(c.page))
	}
	if isVisible(landing) {
		if err := click(landing, `"View in Browser" on the landing page`, c.timeouts.action()); err != nil {
			return err
		}
	}
	return c.WaitShown()
}

// WaitShown waits for #channel_view.
func (c *ChannelView) WaitShown() error {
	if err := waitVisible(c.page.Locator("#channel_view"), "the channel view #channel_view",
		c.timeouts.navigation()); err != nil {
		return fmt.Errorf("%w (page at %s)", err, pathOf(c.page))
	}
	return nil
}

// userMenuButton matches the user menu's button of both generations:
// "User's account menu" (10 and later) and "Current status: Online. Select
// to open profile and status menu." (9.x).
func (c *ChannelView) userMenuButton() playwright.Locator {
	return c.page.Locator("#global-header").GetByRole("button", playwright.LocatorGetByRoleOptions{
		Name: regexp.MustCompile(`(?i)^(User's account menu|Current status: .*profile and status menu\.?)$`),
	})
}

// mobileMenuButton opens the right-hand drawer of the mobile header.
func (c *ChannelView) mobileMenuButton() playwright.Locator {
	return c.page.Locator("#navbar button.menu-toggle")
}

// profileItem is the menu item that opens the Profile dialog: "Profile" in
// the user menu (its button is named "Profile dialog" on 9.x) or in the
// mobile drawer.
func (c *ChannelView) profileItem() playwright.Locator {
	return c.page.GetByRole("menuitem", playwright.PageGetByRoleOptions{
		Name: regexp.MustCompile(`(?i)^profile( dialog)?$`),
	})
}

// OpenProfile opens the Profile dialog from the user menu, or from the
// mobile drawer when the global header is hidden.
func (c *ChannelView) OpenProfile() (*Profile, error) {
	if err := c.WaitShown(); err != nil {
		return nil, err
	}
	if isVisible(c.page.Locator("#global-header")) {
		if err := click(c.userMenuButton(), "the user menu button in the global header", c.timeouts.action()); err != nil {
			return nil, err
		}
	} else {
		if err := click(c.mobileMenuButton(), "the mobile header's menu button", c.timeouts.action()); err != nil {
			return nil, err
		}
	}
	if err := click(c.profileItem().First(), `the "Profile" menu item`, c.timeouts.action()); err != nil {
		return nil, err
	}

	p := &Profile{page: c.page, timeouts: c.timeouts}
	if err := waitVisible(p.dialog(), `the Profile dialog`, c.timeouts.action()); err != nil {
		return nil, err
	}
	return p, nil
}

// Profile is the Profile dialog, #accountSettingsModal.
type Profile struct {
	page     playwright.Page
	timeouts Timeouts
}

func (p *Profile) dialog() playwright.Locator {
	return p.page.GetByRole("dialog", playwright.PageGetByRoleOptions{
		Name:  "Profile",
		Exact: playwright.Bool(true),
	})
}

// OpenSecurity selects the Security tab and waits for its panel.
func (p *Profile) OpenSecurity() error {
	tab := p.dialog().GetByRole("tab", playwright.LocatorGetByRoleOptions{
		Name: regexp.MustCompile(`(?i)^security$`),
	})
	if err := click(tab, "the Profile dialog's Security tab", p.timeouts.action()); err != nil {
		return err
	}
	panel := p.page.Locator("#securitySettings")
	return waitVisible(panel, "the Security tab panel #securitySettings", p.timeouts.action())
}

// OpenActiveSessions presses "View and Log Out of Active Sessions" on the
// Security tab and waits for the Active Sessions modal to list sessions.
func (p *Profile) OpenActiveSessions() (*ActiveSessions, error) {
	// On 9.11 the button's name also holds its icon's title, "Active
	// Sessions Icon", so the name is matched as a substring.
	button := p.page.Locator("#securitySettings").GetByRole("button", playwright.LocatorGetByRoleOptions{
		Name: "View and Log Out of Active Sessions",
	})
	if err := click(button, `"View and Log Out of Active Sessions"`, p.timeouts.action()); err != nil {
		return nil, err
	}
	modal := NewActiveSessions(p.page, p.timeouts)
	if err := modal.WaitLoaded(); err != nil {
		return nil, err
	}
	return modal, nil
}
