package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/mxschmitt/playwright-go"

	"mmspec/support/browser"
	"mmspec/support/clients"
	"mmspec/support/mattermost"
	"mmspec/support/pages"
)

// scenario is the state of one scenario: the client it emulates, its user,
// its browser context and what the steps found so far.
type scenario struct {
	suite *Suite

	client  clients.Client
	user    testUser
	context playwright.BrowserContext
	page    playwright.Page
	watch   *pages.Watch

	// currentID is the id of the session the page uses; otherIDs are the
	// sessions of the other clients, by id, with the client each emulates.
	currentID string
	otherIDs  map[string]clients.Client

	modal     *pages.ActiveSessions
	modalMark int
	profile   *pages.Profile

	// listedBefore and loggedOut record one Log Out of another session.
	listedBefore []pages.Entry
	loggedOut    string

	scenarioName string
	tracing      bool
	limits       watchdog
	stepTimer    *time.Timer
	stepFailed   bool
	started      time.Time
	// tokens are session tokens the scenario's API logins returned.
	tokens []string
}

// InitializeScenario registers every step and the hooks of one scenario.
// godog calls it once per scenario, so each gets fresh state.
func (s *Suite) InitializeScenario(sc *godog.ScenarioContext) {
	st := &scenario{suite: s, otherIDs: map[string]clients.Client{}}

	for _, d := range definitions {
		sc.Step(d.Pattern, d.handler(st))
	}

	sc.StepContext().Before(st.beforeStep)
	sc.StepContext().After(st.afterStep)
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		st.scenarioName = s.Name
		st.started = time.Now()
		st.suite.Progress.start(s.Name)
		st.suite.active.Store(st, struct{}{})
		st.limits.startScenario(st.suite.ScenarioTimeout, st.abort)
		return ctx, nil
	})
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		st.limits.stopScenario()
		st.suite.active.Delete(st)
		st.suite.Progress.end(st.scenarioName, err != nil, time.Since(st.started))
		ctx = st.collectEvidence(ctx, err != nil)
		st.close()
		return ctx, nil
	})
}

// fail prefixes err with the client, so every failure names where it
// happened.
func (st *scenario) fail(err error) error {
	if err == nil {
		return nil
	}
	name := st.client.Name
	if name == "" {
		name = "(no client yet)"
	}
	return fmt.Errorf("on the %s client: %w", name, err)
}

// abort runs when a limit passes while a step waits on the page: it keeps
// a screenshot of the page as it is, then closes the page, which makes the
// pending Playwright call fail at once. The context stays open, so the
// trace can still be saved.
func (st *scenario) abort() {
	page := st.page
	if page == nil {
		return
	}
	png, err := page.Screenshot(playwright.PageScreenshotOptions{Timeout: playwright.Float(5000)})
	if err == nil {
		st.limits.setScreenshot(png)
	}
	if err := page.Close(); err != nil {
		st.suite.Log.Warn("close the page after a timeout", "client", st.client.Name, "err", err)
	}
}

func (st *scenario) close() {
	if st.context == nil {
		return
	}
	if err := st.context.Close(); err != nil {
		st.suite.Log.Warn("close browser context", "client", st.client.Name, "err", err)
	}
	st.context = nil
}

func (st *scenario) timeouts() pages.Timeouts { return st.suite.Timeouts }

func (st *scenario) apiContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, st.suite.APITimeout)
}

// iAmSignedInOnTheClient creates the scenario's user and signs it in as the
// client: through the login form for browsers and the desktop app, or
// through the API with a device id for the native apps, whose session the
// browser then carries.
func (st *scenario) iAmSignedInOnTheClient(ctx context.Context, name string) error {
	client, err := st.suite.Catalogue.Lookup(name)
	if err != nil {
		return err
	}
	st.client = client

	user, err := st.suite.newUser(ctx)
	if err != nil {
		return st.fail(err)
	}
	st.user = user

	var cookies []*http.Cookie
	if client.SignIn == clients.SignInApp {
		login, err := st.apiLogin(ctx, client, true)
		if err != nil {
			return st.fail(err)
		}
		cookies = login.Cookies
		if len(cookies) == 0 {
			return st.fail(errors.New("the API login set no session cookies for the browser to carry; " +
				"the server sets them only when the request has X-Requested-With: XMLHttpRequest"))
		}
	}

	if err := st.openContext(cookies); err != nil {
		return st.fail(err)
	}
	if client.SignIn == clients.SignInBrowser {
		login := pages.NewLogin(st.page, st.timeouts())
		if err := login.Open(); err != nil {
			return st.fail(err)
		}
		if err := login.SignIn(user.Username, user.Password); err != nil {
			return st.fail(fmt.Errorf("sign in as %s: %w", user.Username, err))
		}
	}
	channel := pages.NewChannelView(st.page, st.timeouts())
	if client.SignIn == clients.SignInApp {
		err = channel.Open()
	} else {
		err = channel.WaitShown()
	}
	if err != nil {
		return st.fail(err)
	}

	id, err := st.newSessionID(ctx)
	if err != nil {
		return st.fail(err)
	}
	st.currentID = id
	return nil
}

func (st *scenario) openContext(cookies []*http.Cookie) error {
	bctx, err := st.suite.Browser.NewContext(st.client, browser.ContextOptions{
		BaseURL:           st.suite.BaseURL,
		Locale:            st.suite.Locale,
		TimezoneID:        st.suite.TimezoneID,
		ActionTimeout:     st.timeouts().Action,
		NavigationTimeout: st.timeouts().Navigation,
		Cookies:           cookies,
	})
	if err != nil {
		return err
	}
	st.context = bctx
	if err := st.startTrace(); err != nil {
		return err
	}
	page, err := bctx.NewPage()
	if err != nil {
		return fmt.Errorf("open a page: %w", err)
	}
	st.page = page
	st.watch = pages.NewWatch(page)
	return nil
}

// apiLogin signs the user in through the REST API as client, with a fresh
// device id when the client sends one.
func (st *scenario) apiLogin(ctx context.Context, client clients.Client, xhr bool) (*mattermost.Login, error) {
	ctx, cancel := st.apiContext(ctx)
	defer cancel()
	login, err := st.suite.Admin.WithToken("").Login(ctx, mattermost.LoginRequest{
		LoginID:   st.user.Username,
		Password:  st.user.Password,
		DeviceID:  client.NewDeviceID(),
		UserAgent: client.UserAgent,
		XHR:       xhr,
	})
	if err != nil {
		return nil, fmt.Errorf("log in through the API as %s on %s: %w", st.user.Username, client.Name, err)
	}
	st.tokens = append(st.tokens, login.Token)
	return login, nil
}

// newSessionID returns the id of the user's one session that the scenario
// does not know yet.
func (st *scenario) newSessionID(ctx context.Context) (string, error) {
	sessions, err := st.sessions(ctx)
	if err != nil {
		return "", err
	}
	var fresh []string
	for _, s := range sessions {
		if _, known := st.otherIDs[s.ID]; !known && s.ID != st.currentID {
			fresh = append(fresh, s.ID)
		}
	}
	if len(fresh) != 1 {
		return "", fmt.Errorf("expected exactly one new session for %s after signing in, but found %d (%s)",
			st.user.Username, len(fresh), strings.Join(fresh, ", "))
	}
	return fresh[0], nil
}

func (st *scenario) sessions(ctx context.Context) ([]mattermost.Session, error) {
	ctx, cancel := st.apiContext(ctx)
	defer cancel()
	sessions, err := st.suite.Admin.Sessions(ctx, st.user.ID)
	if err != nil {
		return nil, fmt.Errorf("list the sessions of %s: %w", st.user.Username, err)
	}
	return sessions, nil
}

// iAmAlsoSignedInOnOtherClients signs the user in through the API on n other
// client types whose labels differ from this client's and from each other.
func (st *scenario) iAmAlsoSignedInOnOtherClients(ctx context.Context, n int) error {
	if st.user.ID == "" {
		return errors.New(`"I am also signed in on N other clients" needs a signed-in user first: ` +
			`put "Given I am signed in on the \"<client>\" client" before it`)
	}
	others := st.suite.Catalogue.Others(st.client, n)
	if len(others) < n {
		return st.fail(fmt.Errorf("the client catalogue has only %d client types with other labels, not %d",
			len(others), n))
	}
	for _, other := range others {
		if err := st.signInOther(ctx, other); err != nil {
			return st.fail(err)
		}
	}
	return nil
}
