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

// mobileMenuButton is the mobile header's right-hand toggle, which opens
// the main menu drawer #sidebar-menu. Its accessible name ends with its
// icon's label, "Menu Icon", after the hidden text "Toggle right sidebar"
// where the web app has it. The sidebar toggle on the left carries the same
// icon after "Toggle sidebar", so the name is anchored at both ends. The
// class menu-toggle finds the button when the label is translated.
func (c *ChannelView) mobileMenuButton() playwright.Locator {
	navbar := c.page.Locator("#navbar")
	byName := navbar.GetByRole("button", playwright.LocatorGetByRoleOptions{
		Name: regexp.MustCompile(`^(Toggle right sidebar )?Menu Icon$`),
	})
	return byName.Or(navbar.Locator("button.menu-toggle")).First()
}

// mobileProfileItem is "Profile" in the main menu drawer, li#profileSettings,
// whose button is named "Profile dialog". In that drawer #accountSettings is
// "Settings", unlike the 9.x user menu, where it is "Profile".
func (c *ChannelView) mobileProfileItem() playwright.Locator {
	drawer := c.page.Locator("#sidebar-menu")
	byName := drawer.GetByRole("menuitem", playwright.LocatorGetByRoleOptions{
		Name: regexp.MustCompile(`(?i)^profile( dialog)?$`),
	})
	return byName.Or(drawer.Locator("#profileSettings")).First()
}

// profileItem is the user menu's item that opens the Profile dialog:
// "Profile" (its button is named "Profile dialog" on 9.x).
func (c *ChannelView) profileItem() playwright.Locator {
	return c.page.GetByRole("menuitem", playwright.PageGetByRoleOptions{
		Name: regexp.MustCompile(`(?i)^profile( dialog)?$`),
	})
}

// OpenProfile opens the Profile dialog from the user menu, or from the
// main menu drawer of the mobile header when the global header is hidden
// (windows at most 768 px wide).
func (c *ChannelView) OpenProfile() (*Profile, error) {
	if err := c.WaitShown(); err != nil {
		return nil, err
	}
	if isVisible(c.page.Locator("#global-header")) {
		if err := click(c.userMenuButton(), "the user menu button in the global header", c.timeouts.action()); err != nil {
			return nil, err
		}
		if err := click(c.profileItem().First(), `the "Profile" menu item`, c.timeouts.action()); err != nil {
			return nil, err
		}
	} else if err := c.openProfileFromDrawer(); err != nil {
		return nil, err
	}

	p := &Profile{page: c.page, timeouts: c.timeouts}
	if err := waitVisible(p.dialog(), `the Profile dialog`, c.timeouts.action()); err != nil {
		return nil, err
	}
	return p, nil
}

// openProfileFromDrawer opens the main menu drawer of the mobile header and
// chooses "Profile" in it.
func (c *ChannelView) openProfileFromDrawer() error {
	const toggle = `the mobile header's menu button (#navbar, "Menu Icon")`
	if err := click(c.mobileMenuButton(), toggle, c.timeouts.action()); err != nil {
		return fmt.Errorf("%w; the global header is hidden, so the page is in the mobile view", err)
	}
	return click(c.mobileProfileItem(), `the "Profile" item of the main menu drawer #sidebar-menu`, c.timeouts.action())
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
