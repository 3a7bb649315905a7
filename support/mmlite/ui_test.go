package mmlite

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mxschmitt/playwright-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The UI tests drive the web app in headless Chromium. They need the
// Playwright driver (PLAYWRIGHT_CLI_PATH pointing at playwright-core's
// cli.js, PLAYWRIGHT_NODEJS_PATH at node) and /usr/bin/chromium, and are
// skipped without them or with -short.

const chromiumPath = "/usr/bin/chromium"

var (
	browserOnce   sync.Once
	sharedPW      *playwright.Playwright
	sharedBrowser playwright.Browser
	browserErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedBrowser != nil {
		_ = sharedBrowser.Close()
	}
	if sharedPW != nil {
		_ = sharedPW.Stop()
	}
	os.Exit(code)
}

func launchBrowser(t *testing.T) playwright.Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("UI test skipped with -short")
	}
	if os.Getenv("PLAYWRIGHT_CLI_PATH") == "" {
		t.Skip("UI test needs PLAYWRIGHT_CLI_PATH (playwright-core's cli.js) and PLAYWRIGHT_NODEJS_PATH")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("UI test needs %s: %v", chromiumPath, err)
	}
	browserOnce.Do(func() {
		sharedPW, browserErr = playwright.Run()
		if browserErr != nil {
			return
		}
		sharedBrowser, browserErr = sharedPW.Chromium.Launch(playwright.BrowserTypeLaunchOptions{
			ExecutablePath: playwright.String(chromiumPath),
			Headless:       playwright.Bool(true),
			Args: []string{"--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync"},
		})
	})
	require.NoError(t, browserErr, "start Playwright and Chromium")
	return sharedBrowser
}

// uiClient is how a test signs in as one client type.
type uiClient struct {
	name      string
	userAgent string
	deviceID  string // non-empty: the session comes from an API login, as a mobile app's
	desktop   bool   // emulate the desktop app's navigation bridge
	label     string
	iconTitle string
	viewport  *playwright.Size // nil: Playwright's default, 1280x720
	mobile    bool             // Playwright's isMobile and hasTouch
}

var uiClients = []uiClient{
	{name: clientMacintosh, userAgent: uaMacChrome, label: "Macintosh", iconTitle: "Apple Icon"},
	{name: clientWindows, userAgent: uaWindowsChrome, label: "Windows", iconTitle: "Windows Icon"},
	{name: clientDesktopApp, userAgent: uaDesktopWindows, desktop: true, label: "Native Desktop App", iconTitle: "Windows Icon"},
	{name: clientIPhoneApp, userAgent: uaMobileIPhone, deviceID: deviceIPhoneApp, label: "iPhone Native App", iconTitle: "Apple Icon"},
	{name: clientAndroidApp, userAgent: uaMobileAndroid, deviceID: deviceAndroidApp, label: "Android Native App", iconTitle: "Android Icon"},
	{name: clientIPhoneClassicApp, userAgent: uaMobileIPhone, deviceID: deviceIPhoneLegacy, label: "iPhone Native Classic App", iconTitle: "Apple Icon"},
	{name: clientAndroidClassicApp, userAgent: uaMobileAndroid, deviceID: deviceAndroidOld, label: "Android Native Classic App", iconTitle: "Android Icon"},
}

func clientByName(t *testing.T, name string) uiClient {
	t.Helper()
	for _, c := range uiClients {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("unknown client %q", name)
	return uiClient{}
}

// desktopBridge defines window.desktopAPI as the desktop app does: it calls
// the registered listener back with every path the web app hands it.
const desktopBridge = `(() => {
  let listener = null;
  window.desktopAPI = {
    onBrowserHistoryPush: (fn) => { listener = fn; },
    sendBrowserHistoryPush: (path) => { setTimeout(() => listener && listener(path), 0); },
  };
})();`

// uiFixture is a started server with user alice in team "spec".
type uiFixture struct {
	t      *testing.T
	server *Server
	url    string
	userID string
	errors *pageErrors
}

// pageErrors collects console errors and uncaught exceptions.
type pageErrors struct {
	mu       sync.Mutex
	console  []string
	uncaught []string
}

func (p *pageErrors) snapshot() (console, uncaught []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.console...), append([]string(nil), p.uncaught...)
}

func (p *pageErrors) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.console, p.uncaught = nil, nil
}

func newUIFixture(t *testing.T, opts Options) *uiFixture {
	t.Helper()
	opts.AdminUsername, opts.AdminPassword = testAdmin, testPassword
	s, err := New(opts)
	require.NoError(t, err)
	require.NoError(t, s.Start("127.0.0.1:0"))
	t.Cleanup(func() { _ = s.Close() })

	h := &harness{t: t, server: s, http: nil}
	h.http = newTestServer(t, s) // API calls of the setup go through httptest; the browser uses s.URL()
	h.adminToken = h.login(testAdmin, testPassword, "", "").Header.Get("Token")
	userID := h.createUser("alice")
	resp := h.do(request{method: "POST", path: "/api/v4/teams", token: h.adminToken,
		body: map[string]string{"name": "spec", "display_name": "Spec Team", "type": "O"}})
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	teamID := decode[teamJSON](t, resp).ID
	require.Equal(t, http.StatusCreated, h.status(request{method: "POST", path: "/api/v4/teams/" + teamID + "/members",
		token: h.adminToken, body: map[string]string{"team_id": teamID, "user_id": userID}}))
	return &uiFixture{t: t, server: s, url: s.URL(), userID: userID, errors: &pageErrors{}}
}

func (f *uiFixture) newPage(client uiClient) playwright.Page {
	t := f.t
	t.Helper()
	browser := launchBrowser(t)
	options := playwright.BrowserNewContextOptions{UserAgent: playwright.String(client.userAgent)}
	if client.viewport != nil {
		options.Viewport = client.viewport
	}
	if client.mobile {
		options.IsMobile = playwright.Bool(true)
		options.HasTouch = playwright.Bool(true)
	}
	ctx, err := browser.NewContext(options)
	require.NoError(t, err)
	t.Cleanup(func() { _ = ctx.Close() })
	ctx.SetDefaultTimeout(5000)
	if client.desktop {
		require.NoError(t, ctx.AddInitScript(playwright.Script{Content: playwright.String(desktopBridge)}))
	}
	page, err := ctx.NewPage()
	require.NoError(t, err)
	page.OnConsole(func(m playwright.ConsoleMessage) {
		if m.Type() == "error" {
			f.errors.mu.Lock()
			f.errors.console = append(f.errors.console, m.Text())
			f.errors.mu.Unlock()
		}
	})
	page.OnPageError(func(err error) {
		f.errors.mu.Lock()
		f.errors.uncaught = append(f.errors.uncaught, err.Error())
		f.errors.mu.Unlock()
	})
	return page
}

var expect = playwright.NewPlaywrightAssertions(5000)

// passLanding clicks "View in Browser" when the landing page shows.
func passLanding(t *testing.T, page playwright.Page) {
	t.Helper()
	view := page.GetByRole("link", playwright.PageGetByRoleOptions{Name: "View in Browser"})
	require.NoError(t, page.Locator("#input_loginId, #channel_view, .get-app").First().WaitFor())
	if visible, _ := view.IsVisible(); visible {
		require.NoError(t, view.Click())
	}
}

func fillLogin(t *testing.T, page playwright.Page, password string) {
	t.Helper()
	require.NoError(t, page.Locator("#input_loginId").Fill("alice"))
	require.NoError(t, page.Locator("#input_password-input").Fill(password))
	require.NoError(t, page.Locator("#saveSetting").Click())
}

// signIn opens the channel view as the client.
func (f *uiFixture) signIn(client uiClient) playwright.Page {
	t := f.t
	t.Helper()
	page := f.newPage(client)
	if client.deviceID != "" {
		f.addAppSessionCookies(page, client)
		_, err := page.Goto(f.url + "/spec/channels/town-square")
		require.NoError(t, err)
		passLanding(t, page)
	} else {
		_, err := page.Goto(f.url + "/login")
		require.NoError(t, err)
		passLanding(t, page)
		fillLogin(t, page, userPassword)
	}
	require.NoError(t, expect.Locator(page.Locator("#channel_view")).ToBeVisible())
	return page
}

// addAppSessionCookies logs in over the API as a mobile app and hands the
// session's cookies to the browser context.
func (f *uiFixture) addAppSessionCookies(page playwright.Page, client uiClient) {
	t := f.t
	t.Helper()
	body := `{"login_id":"alice","password":"` + userPassword + `","device_id":"` + client.deviceID + `"}`
	req, err := http.NewRequest("POST", f.url+"/api/v4/users/login", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("User-Agent", client.userAgent)
	req.Header.Set("X-Requested-With", "XMLHttpRequest")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var cookies []playwright.OptionalCookie
	for _, c := range resp.Cookies() {
		cookies = append(cookies, playwright.OptionalCookie{
			Name: c.Name, Value: c.Value, URL: playwright.String(f.url), HttpOnly: playwright.Bool(c.HttpOnly),
		})
	}
	require.NoError(t, page.Context().AddCookies(cookies))
}

// openActiveSessions goes User menu > Profile > Security > View and Log Out
// of Active Sessions and returns the modal once an entry shows.
func openActiveSessions(t *testing.T, page playwright.Page) playwright.Locator {
	t.Helper()
	require.NoError(t, page.GetByRole("button", playwright.PageGetByRoleOptions{Name: "User's account menu"}).Click())
	require.NoError(t, page.GetByRole("menuitem", playwright.PageGetByRoleOptions{Name: "Profile", Exact: playwright.Bool(true)}).Click())
	profile := page.GetByRole("dialog", playwright.PageGetByRoleOptions{Name: "Profile"})
	require.NoError(t, profile.GetByRole("tab", playwright.LocatorGetByRoleOptions{Name: "security"}).Click())
	require.NoError(t, expect.Locator(page.Locator("#securitySettings")).ToContainText("Security Settings"))
	require.NoError(t, page.Locator("#viewAndLogOutOfActiveSessions").Click())
	modal := page.Locator(".modal-content").Filter(playwright.LocatorFilterOptions{
		Has: page.GetByRole("heading", playwright.PageGetByRoleOptions{Name: "Active Sessions"}),
	})
	return modal
}

func waitForEntries(t *testing.T, modal playwright.Locator) {
	t.Helper()
	require.NoError(t, modal.Locator(".activity-log__table").First().WaitFor())
}

func expandAll(t *testing.T, modal playwright.Locator) {
	t.Helper()
	links := modal.Locator("a.theme", playwright.LocatorLocatorOptions{HasText: "More info"})
	for i := 0; i < 10; i++ {
		n, err := links.Count()
		require.NoError(t, err)
		if n == 0 {
			return
		}
		require.NoError(t, links.First().Click())
	}
}

func TestUIEveryClientLogsOutAndBackIn(t *testing.T) {
	for _, client := range uiClients {
		t.Run(client.name, func(t *testing.T) {
			f := newUIFixture(t, Options{})
			page := f.signIn(client)
			f.errors.reset()

			modal := openActiveSessions(t, page)
			waitForEntries(t, modal)
			require.NoError(t, expect.Locator(modal.Locator(".report__platform")).ToHaveText(client.label))
			title, err := modal.Locator(".report__platform i").GetAttribute("title")
			require.NoError(t, err)
			assert.Equal(t, client.iconTitle, title)

			expandAll(t, modal)
			text, err := modal.Locator(".report__info").InnerText()
			require.NoError(t, err)
			date := `[A-Z][a-z]+ \d{2}, \d{4}, \d{2}:\d{2} [AP]M`
			assert.Regexp(t, regexp.MustCompile(`Last activity: `+date), text)
			assert.Regexp(t, regexp.MustCompile(`First time active: `+date), text)
			assert.Regexp(t, regexp.MustCompile(`OS: \S`), text)
			assert.Regexp(t, regexp.MustCompile(`Browser: .+/\S`), text)
			assert.Regexp(t, regexp.MustCompile(`Session ID: [a-z0-9]{26}`), text)
			console, uncaught := f.errors.snapshot()
			assert.Empty(t, console, "console errors while the modal is open")
			assert.Empty(t, uncaught, "uncaught exceptions while the modal is open")

			require.NoError(t, modal.GetByRole("button", playwright.LocatorGetByRoleOptions{Name: "Log Out"}).Click())
			require.NoError(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/login$`)))
			require.NoError(t, expect.Locator(page.Locator("#input_loginId")).ToBeVisible())

			fillLogin(t, page, userPassword)
			require.NoError(t, expect.Locator(page.Locator("#channel_view")).ToBeVisible())
		})
	}
}

func TestUILoginShowsInvalidBanner(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	page := f.newPage(clientByName(t, clientMacintosh))
	_, err := page.Goto(f.url + "/")
	require.NoError(t, err)
	require.NoError(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/login$`)), "no landing page")
	fillLogin(t, page, "wrong-password")
	require.NoError(t, expect.Locator(page.Locator(".login-body-card-banner")).ToHaveText("The email/username or password is invalid."))
	require.NoError(t, expect.Locator(page.GetByRole("heading", playwright.PageGetByRoleOptions{Name: "Log in to your account"})).ToBeVisible())
}

func TestUIDesktopAppWithoutBridgeStaysOnLogin(t *testing.T) {
	f := newUIFixture(t, Options{})
	client := clientByName(t, clientDesktopApp)
	client.desktop = false
	page := f.newPage(client)
	_, err := page.Goto(f.url + "/login")
	require.NoError(t, err)
	fillLogin(t, page, userPassword)
	require.NoError(t, expect.Locator(page.Locator("#saveSetting")).ToHaveText("Logging in…"))
	time.Sleep(300 * time.Millisecond)
	assert.True(t, strings.HasSuffix(page.URL(), "/login"), "still on /login: %s", page.URL())
}

func TestUIUserMenuGeneration9(t *testing.T) {
	f := newUIFixture(t, Options{UserMenu: "9", NoLanding: true})
	page := f.signIn(clientByName(t, clientMacintosh))
	require.NoError(t, page.GetByRole("button", playwright.PageGetByRoleOptions{
		Name: "Current status: Online. Select to open profile and status menu."}).Click())
	menu := page.GetByRole("menu", playwright.PageGetByRoleOptions{Name: "set status"})
	require.NoError(t, expect.Locator(menu).ToBeVisible())
	require.NoError(t, expect.Locator(page.Locator("#status-menu-custom-status")).ToHaveText("Set a custom status"))
	require.NoError(t, expect.Locator(page.Locator("#logout")).ToHaveText("Log Out"))
	require.NoError(t, page.Keyboard().Press("Escape"))
	require.NoError(t, expect.Locator(menu).Not().ToBeVisible())
	require.NoError(t, page.GetByRole("button", playwright.PageGetByRoleOptions{
		Name: "Current status: Online. Select to open profile and status menu."}).Click())
	require.NoError(t, page.GetByRole("button", playwright.PageGetByRoleOptions{Name: "Profile dialog"}).Click())
	require.NoError(t, expect.Locator(page.Locator("#accountSettingsModal")).ToBeVisible())
}

func TestUIUserMenuGeneration11(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	page := f.signIn(clientByName(t, clientMacintosh))
	button := page.Locator("#userAccountMenuButton")
	description, err := page.Locator("#" + mustAttr(t, button, "aria-describedby")).TextContent()
	require.NoError(t, err)
	assert.Equal(t, `Status is "Online".`, description)
	require.NoError(t, button.Click())
	items, err := page.Locator("#userAccountMenu [role=menuitem]").AllInnerTexts()
	require.NoError(t, err)
	assert.Equal(t, []string{"@alice", "Set custom status", "Online", "Away", "Do not disturb", "Offline", "Profile", "Log out"}, items)
	assert.Equal(t, "true", mustAttr(t, button, "aria-hidden"), "button hidden while the menu is open")
	require.NoError(t, page.Locator("#channel_view").Click())
	require.NoError(t, expect.Locator(page.Locator("#userAccountMenu")).Not().ToBeAttached(), "outside click closes")
}

func mustAttr(t *testing.T, l playwright.Locator, name string) string {
	t.Helper()
	v, err := l.GetAttribute(name)
	require.NoError(t, err)
	return v
}

// TestUIFaults checks that each web app fault shows the defect it names.
func TestUIFaults(t *testing.T) {
	type check func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator)
	labelIs := func(want string) check {
		return func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".report__platform")).ToHaveText(want))
		}
	}
	expandedContains := func(want string) check {
		return func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			expandAll(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".report__info")).ToContainText(want))
		}
	}
	logOut := func(t *testing.T, modal playwright.Locator) {
		waitForEntries(t, modal)
		require.NoError(t, modal.Locator(".activity-log__action button").Click())
		time.Sleep(500 * time.Millisecond)
	}
	tests := []struct {
		fault  string
		client string
		check  check
	}{
		{"desktop-app-labelled-as-os", clientDesktopApp, labelIs("Windows")},
		{"native-app-labelled-as-classic", clientIPhoneApp, labelIs("iPhone Native Classic App")},
		{"native-app-labelled-as-classic", clientAndroidApp, labelIs("Android Native Classic App")},
		{"classic-app-labelled-as-native", clientIPhoneClassicApp, labelIs("iPhone Native App")},
		{"classic-app-labelled-as-native", clientAndroidClassicApp, labelIs("Android Native App")},
		{"android-labelled-as-linux", clientAndroidApp, labelIs("Linux")},
		{"android-labelled-as-linux", clientAndroidClassicApp, labelIs("Linux")},
		{"macintosh-labelled-as-windows", clientMacintosh, labelIs("Windows")},
		{"mobile-app-labelled-as-desktop-app", clientIPhoneApp, labelIs("Native Desktop App")},
		{"mobile-app-labelled-as-desktop-app", clientAndroidClassicApp, labelIs("Native Desktop App")},
		{"more-info-does-nothing", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			require.NoError(t, modal.Locator("a.theme").Click())
			assert.NoError(t, expect.Locator(modal.Locator("a.theme")).ToBeVisible())
			assert.NoError(t, expect.Locator(modal.Locator(".report__info")).Not().ToContainText("Session ID:"))
		}},
		{"more-info-missing-os", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			expandAll(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".report__info")).ToContainText("Session ID:"))
			assert.NoError(t, expect.Locator(modal.Locator(".report__info")).Not().ToContainText("OS:"))
		}},
		{"more-info-invalid-date", clientMacintosh, expandedContains("First time active: Invalid Date")},
		{"more-info-undefined-browser", clientMacintosh, expandedContains("Browser: undefined")},
		{"more-info-null-session-id", clientMacintosh, expandedContains("Session ID: null")},
		{"more-info-nan-last-activity", clientMacintosh, expandedContains("Last activity: NaN")},
		{"more-info-empty-os", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			expandAll(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".report__more-info > div", playwright.LocatorLocatorOptions{HasText: "OS:"})).ToHaveText("OS: "))
		}},
		{"device-icon-missing", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".report__platform i")).ToHaveCount(0))
		}},
		{"console-error-on-open", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			console, _ := f.errors.snapshot()
			assert.Len(t, console, 1)
		}},
		{"page-error-on-open", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			_, uncaught := f.errors.snapshot()
			require.Len(t, uncaught, 1)
			assert.Contains(t, uncaught[0], "Cannot read properties of undefined")
		}},
		{"log-out-does-nothing", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			logOut(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(1))
			assert.NotContains(t, page.URL(), "/login")
		}},
		{"revoke-ignored", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			logOut(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(1))
			assert.NotContains(t, page.URL(), "/login")
		}},
		{"current-revoke-stays-signed-in", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			logOut(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(0))
			assert.NotContains(t, page.URL(), "/login")
		}},
		{"revoked-entry-stays", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			logOut(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(1))
			assert.NotContains(t, page.URL(), "/login")
		}},
		{"no-login-page-after-logout", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			logOut(t, modal)
			assert.NoError(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/login$`)))
			assert.NoError(t, expect.Locator(page.Locator("#input_loginId")).ToHaveCount(0))
		}},
		{"login-fails-after-logout", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			logOut(t, modal)
			require.NoError(t, expect.Page(page).ToHaveURL(regexp.MustCompile(`/login$`)))
			fillLogin(t, page, userPassword)
			assert.NoError(t, expect.Locator(page.Locator(".login-body-card-banner")).ToHaveText("The email/username or password is invalid."))
		}},
		{"sessions-500", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			assert.NoError(t, expect.Locator(modal.GetByRole("alert")).ToContainText("Unable to load the sessions"))
			assert.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(0))
		}},
		{"sessions-hang", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			time.Sleep(500 * time.Millisecond)
			assert.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(0))
		}},
		{"modal-without-name", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			assert.NoError(t, expect.Locator(page.GetByRole("dialog", playwright.PageGetByRoleOptions{Name: "Active Sessions"})).ToHaveCount(0))
			assert.NoError(t, expect.Locator(page.Locator("#activityLogModal")).ToBeVisible())
		}},
		{"log-out-button-without-name", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			assert.NoError(t, expect.Locator(modal.GetByRole("button", playwright.LocatorGetByRoleOptions{Name: "Log Out"})).ToHaveCount(0))
			assert.NoError(t, expect.Locator(modal.Locator(".activity-log__action button")).ToHaveText("Log Out"))
		}},
		{"low-contrast-text", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".session-help-text")).ToHaveCSS("color", "rgb(201, 203, 208)"))
		}},
		{"icon-announced-as-blank-image", clientMacintosh, func(t *testing.T, f *uiFixture, page playwright.Page, modal playwright.Locator) {
			waitForEntries(t, modal)
			assert.NoError(t, expect.Locator(modal.Locator(".report__platform i[role=img]:not([title])")).ToHaveCount(1))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fault+"/"+tt.client, func(t *testing.T) {
			f := newUIFixture(t, Options{Faults: []string{tt.fault}, NoLanding: true})
			page := f.signIn(clientByName(t, tt.client))
			f.errors.reset()
			modal := openActiveSessions(t, page)
			tt.check(t, f, page, modal)
		})
	}
}

// phone returns the iPhone Native App client in its catalogue viewport,
// 390x844, where the web app shows its mobile view.
func phone(t *testing.T) uiClient {
	t.Helper()
	client := clientByName(t, clientIPhoneApp)
	client.viewport = &playwright.Size{Width: 390, Height: 844}
	client.mobile = true
	return client
}

// mainMenuButton is the mobile header's toggle of the main menu drawer.
func mainMenuButton(page playwright.Page) playwright.Locator {
	return page.Locator("#navbar").GetByRole("button", playwright.LocatorGetByRoleOptions{
		Name: "Toggle right sidebar Menu Icon", Exact: playwright.Bool(true)})
}

var (
	drawerOpen     = regexp.MustCompile(`\bmove--left\b`)
	displayContent = regexp.MustCompile(`\bdisplay--content\b`)
)

func TestUIMobileHeaderReplacesGlobalHeader(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	page := f.signIn(phone(t))
	navbar := page.Locator("#navbar")
	require.NoError(t, expect.Locator(navbar).ToBeVisible())
	assert.NoError(t, expect.Locator(page.Locator("#global-header")).ToBeAttached(), "the global header stays in the page")
	assert.NoError(t, expect.Locator(page.Locator("#global-header")).ToBeHidden())
	assert.NoError(t, expect.Locator(page.Locator("#userAccountMenuButton")).ToBeHidden())
	assert.NoError(t, expect.Locator(page.Locator("#SidebarContainer")).ToBeHidden())
	assert.NoError(t, expect.Locator(navbar.Locator(".navbar-brand")).ToHaveText("Town Square"))
	for _, name := range []string{"Toggle sidebar Menu Icon", "Info", "Search", "Toggle right sidebar Menu Icon"} {
		button := navbar.GetByRole("button", playwright.LocatorGetByRoleOptions{Name: name, Exact: playwright.Bool(true)})
		assert.NoError(t, expect.Locator(button).ToBeVisible(), "button %q", name)
	}
	assert.NoError(t, expect.Locator(page.Locator("#channel-info-btn")).ToHaveAttribute("aria-label", "Info"))
	assert.NoError(t, expect.Locator(page.Locator("#navbar button.navbar-toggle.navbar-right__icon.menu-toggle.pull-right")).ToHaveCount(1))
	assert.NoError(t, expect.Locator(page.GetByRole("heading", playwright.PageGetByRoleOptions{Name: "Town Square", Level: playwright.Int(1)})).ToHaveCount(1),
		"the channel's heading stays for assistive technology")
}

func TestUIMobileDrawerOpensProfile(t *testing.T) {
	tests := []struct {
		userMenu string
		items    []string
	}{
		{"11", []string{"Online", "Away", "Do not disturb", "Offline", "Set custom status", "Recent Mentions", "Saved messages", "Profile", "Settings", "Log Out"}},
		{"9", []string{"Recent Mentions", "Saved messages", "Profile", "Settings", "Log Out"}},
	}
	for _, tt := range tests {
		t.Run(tt.userMenu, func(t *testing.T) {
			f := newUIFixture(t, Options{UserMenu: tt.userMenu, NoLanding: true})
			page := f.signIn(phone(t))
			drawer := page.Locator("div#sidebar-menu.sidebar--menu")
			require.NoError(t, expect.Locator(drawer).ToBeAttached())
			assert.NoError(t, expect.Locator(drawer).Not().ToHaveClass(drawerOpen))
			assert.NoError(t, expect.Locator(drawer.Locator("[role=menuitem]")).ToHaveCount(0), "items mount only while open")

			toggle := mainMenuButton(page)
			require.NoError(t, toggle.Click())
			require.NoError(t, expect.Locator(drawer).ToHaveClass(drawerOpen))
			assert.Equal(t, "true", mustAttr(t, toggle, "aria-expanded"))
			menu := drawer.GetByRole("menu", playwright.LocatorGetByRoleOptions{Name: "main menu"})
			require.NoError(t, expect.Locator(menu).ToBeVisible())
			items, err := menu.GetByRole("menuitem").AllInnerTexts()
			require.NoError(t, err)
			assert.Equal(t, tt.items, items)
			assert.NoError(t, expect.Locator(menu.GetByRole("menuitem").First()).ToBeFocused())
			assert.NoError(t, expect.Locator(drawer.Locator("li#profileSettings")).ToHaveText("Profile"))
			assert.NoError(t, expect.Locator(drawer.Locator("li#accountSettings")).ToHaveText("Settings"))

			require.NoError(t, menu.GetByRole("menuitem", playwright.LocatorGetByRoleOptions{
				Name: "Profile dialog", Exact: playwright.Bool(true)}).Click())
			require.NoError(t, expect.Locator(page.GetByRole("dialog", playwright.PageGetByRoleOptions{
				Name: "Profile", Exact: playwright.Bool(true)})).ToBeVisible())
			assert.NoError(t, expect.Locator(drawer).Not().ToHaveClass(drawerOpen), "choosing an item closes the drawer")
			assert.NoError(t, expect.Locator(drawer.Locator("[role=menuitem]")).ToHaveCount(0))
		})
	}
}

func TestUIMobileDrawerSetsStatus(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	page := f.signIn(phone(t))
	require.NoError(t, mainMenuButton(page).Click())
	require.NoError(t, page.Locator("#sidebar-menu").GetByRole("menuitem", playwright.LocatorGetByRoleOptions{Name: "Away"}).Click())
	assert.NoError(t, expect.Locator(page.Locator("#userAccountMenuButtonDescribedBy")).ToHaveText(`Status is "Away".`))
	assert.NoError(t, expect.Locator(page.Locator("#sidebar-menu [role=menuitem]")).ToHaveCount(0))
}

func TestUIMobileDrawersCloseWithEscape(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	page := f.signIn(phone(t))

	sidebarToggle := page.Locator("#navbar").GetByRole("button", playwright.LocatorGetByRoleOptions{
		Name: "Toggle sidebar Menu Icon", Exact: playwright.Bool(true)})
	sidebar := page.Locator("#SidebarContainer")
	require.NoError(t, sidebarToggle.Click())
	require.NoError(t, expect.Locator(sidebar).ToBeVisible())
	assert.NoError(t, expect.Locator(sidebar.GetByRole("link", playwright.LocatorGetByRoleOptions{Name: "Town Square"})).ToBeFocused())
	require.NoError(t, page.Keyboard().Press("Escape"))
	require.NoError(t, expect.Locator(sidebar).ToBeHidden())
	assert.NoError(t, expect.Locator(sidebarToggle).ToBeFocused())

	menuToggle := mainMenuButton(page)
	items := page.Locator("#sidebar-menu [role=menuitem]")
	require.NoError(t, menuToggle.Click())
	require.NoError(t, expect.Locator(items.First()).ToBeFocused())
	require.NoError(t, page.Keyboard().Press("ArrowDown"))
	assert.NoError(t, expect.Locator(items.Nth(1)).ToBeFocused())
	require.NoError(t, page.Keyboard().Press("End"))
	assert.NoError(t, expect.Locator(items.Last()).ToBeFocused())
	require.NoError(t, page.Keyboard().Press("Escape"))
	require.NoError(t, expect.Locator(items).ToHaveCount(0))
	assert.NoError(t, expect.Locator(menuToggle).ToBeFocused())
	assert.Equal(t, "false", mustAttr(t, menuToggle, "aria-expanded"))

	require.NoError(t, menuToggle.Click())
	require.NoError(t, expect.Locator(items.First()).ToBeVisible())
	require.NoError(t, page.Locator("#channel_view").Click(playwright.LocatorClickOptions{
		Position: &playwright.Position{X: 10, Y: 200}}))
	assert.NoError(t, expect.Locator(items).ToHaveCount(0), "a tap beside the drawer closes it")
}

func TestUIMobileProfileShowsOneTabAtATime(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	page := f.signIn(phone(t))
	require.NoError(t, mainMenuButton(page).Click())
	require.NoError(t, page.Locator("#sidebar-menu #profileSettings").Click())

	profile := page.GetByRole("dialog", playwright.PageGetByRoleOptions{Name: "Profile", Exact: playwright.Bool(true)})
	dialogBox := page.Locator("#accountSettingsModal .modal-dialog.settings-modal")
	tabList := page.Locator("ul#tabList[role=tablist]")
	securityTab := page.Locator("#securityButton")
	require.NoError(t, expect.Locator(tabList).ToBeVisible())
	assert.NoError(t, expect.Locator(page.Locator("#accountSettingsModal .settings-content")).ToBeHidden(), "no panel before a tab is chosen")
	assert.NoError(t, expect.Locator(dialogBox).Not().ToHaveClass(displayContent))
	assert.NoError(t, expect.Locator(page.Locator("#profileButton")).ToHaveAttribute("tabindex", "0"))
	assert.NoError(t, expect.Locator(securityTab).ToHaveAttribute("tabindex", "0"), "every tab is in the Tab order")

	require.NoError(t, profile.GetByRole("tab", playwright.LocatorGetByRoleOptions{Name: "security"}).Click())
	require.NoError(t, expect.Locator(dialogBox).ToHaveClass(displayContent))
	security := page.Locator("#securitySettings[role=tabpanel]")
	require.NoError(t, expect.Locator(security).ToBeVisible())
	assert.NoError(t, expect.Locator(tabList).ToBeHidden())
	assert.NoError(t, expect.Locator(page.Locator("#genericModalLabel")).ToBeHidden(), "the dialog's own header hides")
	assert.NoError(t, expect.Locator(profile).ToHaveCount(1), "the dialog keeps its name")
	assert.NoError(t, expect.Locator(security.GetByRole("heading", playwright.LocatorGetByRoleOptions{Name: "Security Settings"})).ToBeVisible())
	assert.NoError(t, expect.Locator(security.Locator("#closeButton.close")).ToBeVisible())
	back := security.Locator(".modal-back")
	assert.NoError(t, expect.Locator(back).ToBeFocused())
	assert.NoError(t, expect.Locator(back.Locator("i.fa.fa-angle-left")).ToHaveAttribute("title", "Collapse Icon"))
	assert.NoError(t, expect.Locator(security.GetByRole("button", playwright.LocatorGetByRoleOptions{
		Name: "View and Log Out of Active Sessions"})).ToBeVisible())

	require.NoError(t, back.Click())
	require.NoError(t, expect.Locator(dialogBox).Not().ToHaveClass(displayContent))
	assert.NoError(t, expect.Locator(tabList).ToBeVisible())
	assert.NoError(t, expect.Locator(security).ToHaveCount(0))
	assert.NoError(t, expect.Locator(securityTab).ToHaveAttribute("aria-selected", "false"), "Back leaves no tab selected")
	assert.NoError(t, expect.Locator(securityTab).ToBeFocused())

	require.NoError(t, securityTab.Click())
	require.NoError(t, security.Locator("#closeButton").Click())
	require.NoError(t, expect.Locator(page.Locator("#accountSettingsModal")).ToHaveCount(0))
	assert.NoError(t, expect.Locator(mainMenuButton(page)).ToBeFocused(), "the focus returns to the menu button")
}

func TestUIMobileSettingsItemOpensSettings(t *testing.T) {
	f := newUIFixture(t, Options{UserMenu: "9", NoLanding: true})
	page := f.signIn(phone(t))
	require.NoError(t, mainMenuButton(page).Click())
	require.NoError(t, page.GetByRole("menuitem", playwright.PageGetByRoleOptions{Name: "Settings dialog", Exact: playwright.Bool(true)}).Click())
	settings := page.GetByRole("dialog", playwright.PageGetByRoleOptions{Name: "Settings", Exact: playwright.Bool(true)})
	require.NoError(t, expect.Locator(settings).ToBeVisible())
	tabs, err := settings.GetByRole("tab").AllInnerTexts()
	require.NoError(t, err)
	assert.Equal(t, []string{"Notifications", "Display", "Sidebar", "Advanced"}, tabs)
	require.NoError(t, settings.GetByRole("tab", playwright.LocatorGetByRoleOptions{Name: "display"}).Click())
	assert.NoError(t, expect.Locator(settings.GetByRole("heading", playwright.LocatorGetByRoleOptions{Name: "Display Settings"})).ToBeVisible())
	assert.NoError(t, expect.Locator(page.GetByRole("dialog", playwright.PageGetByRoleOptions{Name: "Profile"})).ToHaveCount(0))
}

// TestUIMobileActiveSessionsBodyScrolls opens the modal in the smallest
// catalogue viewport, 375x667, with more sessions than fit on the screen.
func TestUIMobileActiveSessionsBodyScrolls(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	client := phone(t)
	client.viewport = &playwright.Size{Width: 375, Height: 667}
	page := f.signIn(client)
	for _, other := range []string{clientAndroidApp, clientIPhoneClassicApp, clientAndroidClassicApp} {
		f.addAppSessionCookies(f.newPage(clientByName(t, other)), clientByName(t, other))
	}

	require.NoError(t, mainMenuButton(page).Click())
	require.NoError(t, page.Locator("#sidebar-menu #profileSettings").Click())
	require.NoError(t, page.GetByRole("tab", playwright.PageGetByRoleOptions{Name: "security"}).Click())
	require.NoError(t, page.Locator("#viewAndLogOutOfActiveSessions").Click())
	modal := page.Locator(".modal-content").Filter(playwright.LocatorFilterOptions{
		Has: page.GetByRole("heading", playwright.PageGetByRoleOptions{Name: "Active Sessions"}),
	})
	waitForEntries(t, modal)
	require.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(4))
	expandAll(t, modal)

	body := modal.Locator(".modal-body")
	assert.NoError(t, expect.Locator(body).ToHaveCSS("overflow-y", "auto"))
	assert.NoError(t, expect.Locator(body).ToHaveCSS("max-height", "605px"), "100vh - 62px")
	overflows, err := body.Evaluate("(el) => el.scrollHeight > el.clientHeight", nil)
	require.NoError(t, err)
	assert.Equal(t, true, overflows, "four expanded entries overflow the body")
	box, err := modal.BoundingBox()
	require.NoError(t, err)
	assert.InDelta(t, 375, box.Width, 1, "the modal fills the screen's width")
	assert.InDelta(t, 667, box.Height, 1, "the modal fills the screen's height")

	last := modal.Locator(".activity-log__table").Last()
	require.NoError(t, last.GetByRole("button", playwright.LocatorGetByRoleOptions{Name: "Log Out"}).Click())
	assert.NoError(t, expect.Locator(modal.Locator(".activity-log__table")).ToHaveCount(3), "the last entry's Log Out is reachable by scrolling")
}

func TestUIMobileViewFollowsResize(t *testing.T) {
	f := newUIFixture(t, Options{NoLanding: true})
	page := f.signIn(clientByName(t, clientMacintosh))
	navbar := page.Locator("#navbar")
	userMenu := page.Locator("#userAccountMenuButton")
	require.NoError(t, expect.Locator(userMenu).ToBeVisible())
	assert.NoError(t, expect.Locator(navbar).ToHaveCount(0), "no mobile header in a wide window")

	require.NoError(t, page.SetViewportSize(769, 720))
	assert.NoError(t, expect.Locator(navbar).ToHaveCount(0), "769 px is still wide")
	require.NoError(t, page.SetViewportSize(768, 720))
	require.NoError(t, expect.Locator(navbar).ToBeVisible())
	assert.NoError(t, expect.Locator(userMenu).ToBeHidden())

	require.NoError(t, mainMenuButton(page).Click())
	require.NoError(t, expect.Locator(page.Locator("#sidebar-menu [role=menuitem]").First()).ToBeVisible())
	require.NoError(t, page.SetViewportSize(1024, 720))
	require.NoError(t, expect.Locator(navbar).ToHaveCount(0))
	assert.NoError(t, expect.Locator(page.Locator("#sidebar-menu")).ToHaveCount(0))
	require.NoError(t, expect.Locator(userMenu).ToBeVisible())

	// An open Profile dialog follows too: the tab chosen on a wide window
	// shows alone on a narrow one, and beside the tab list again after.
	require.NoError(t, userMenu.Click())
	require.NoError(t, page.GetByRole("menuitem", playwright.PageGetByRoleOptions{Name: "Profile", Exact: playwright.Bool(true)}).Click())
	require.NoError(t, page.GetByRole("tab", playwright.PageGetByRoleOptions{Name: "security"}).Click())
	tabList := page.Locator("#tabList")
	security := page.Locator("#securitySettings")
	require.NoError(t, expect.Locator(security).ToBeVisible())
	assert.NoError(t, expect.Locator(tabList).ToBeVisible())
	assert.NoError(t, expect.Locator(page.Locator("#profileButton")).ToHaveAttribute("tabindex", "-1"))

	require.NoError(t, page.SetViewportSize(390, 844))
	assert.NoError(t, expect.Locator(tabList).ToBeHidden())
	assert.NoError(t, expect.Locator(security).ToBeVisible())
	assert.NoError(t, expect.Locator(page.Locator("#profileButton")).ToHaveAttribute("tabindex", "0"))

	require.NoError(t, page.SetViewportSize(1280, 720))
	assert.NoError(t, expect.Locator(tabList).ToBeVisible())
	assert.NoError(t, expect.Locator(page.Locator("#genericModalLabel")).ToBeVisible())
}
