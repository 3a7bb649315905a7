package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mxschmitt/playwright-go"

	"mmspec/support/browser"
	"mmspec/support/clients"
	"mmspec/support/mattermost"
	"mmspec/support/mmlite"
	"mmspec/support/pages"
)

// The floor is the lower bound that mmspec is compared with: the same
// browser actions on the same clients against the same embedded mmlite,
// through the same page objects, driver and Chromium, but with plain
// playwright-go calls in Go. It has no godog, no step layer with its checks
// and timeouts, no accessibility audit, no screenshots and no reports.

// Settings that mmspec takes from godog.yml. The floor uses the defaults
// that godog.yml documents.
// NOTE: a godog.yml with other values makes the two programs differ.
const (
	floorDriverCLI  = "tools/node_modules/playwright-core/cli.js"
	floorLocale     = "en-US"
	floorTimezoneID = "UTC"
	floorAction     = 15 * time.Second
)

// floorResult is the content of the floor's --result file.
type floorResult struct {
	// FirstFlow is when the first client's flow started, in Unix
	// milliseconds, the counterpart of godog's TestRunStarted.
	FirstFlow int64 `json:"first_flow_unix_ms"`
	// LastFlowEnd is when the last flow ended, in Unix milliseconds, the
	// counterpart of the end of godog's run.
	LastFlowEnd    int64  `json:"last_flow_end_unix_ms"`
	BrowserVersion string `json:"browser_version"`
	// FlowMillis is how long each client's flow took, in milliseconds, in
	// the order the flows ended.
	FlowMillis []int64 `json:"flow_ms"`
}

// floorOptions are the floor's flags.
type floorOptions struct {
	concurrency int
	latency     time.Duration
	clients     []string
	result      string
}

// runFloor runs the floor program and returns its exit code: 0 when every
// client's flow completed, 1 when one failed, 2 on bad flags, 3 when
// mmlite or the browser could not start.
func runFloor(args []string, stderr io.Writer) int {
	var opts floorOptions
	fs := flag.NewFlagSet("mmbench floor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&opts.concurrency, "concurrency", 2, "number of clients whose flows run in parallel")
	fs.DurationVar(&opts.latency, "latency", 0, "delay mmlite adds to every API response, e.g. 150ms")
	fs.StringVar(&opts.result, "result", "", "file to write the result JSON to")
	fs.Func("client", "run the flow of this client type of the catalogue; repeat for several", func(v string) error {
		opts.clients = append(opts.clients, v)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if len(opts.clients) == 0 || opts.concurrency < 1 || opts.result == "" {
		fmt.Fprintln(stderr, "mmbench floor: set --result, at least one --client and a --concurrency of 1 or more")
		return 2
	}
	log := slog.New(slog.NewTextHandler(stderr, nil)).With("program", "floor")

	catalogue := clients.Builtin()
	var list []clients.Client
	for _, name := range opts.clients {
		c, err := catalogue.Lookup(name)
		if err != nil {
			fmt.Fprintf(stderr, "mmbench floor: --client: %v\n", err)
			return 2
		}
		list = append(list, c)
	}

	env, err := startFloorEnv(opts.latency, log)
	if err != nil {
		log.Error("start the floor", "err", err)
		return 3
	}
	defer env.close(log)

	var (
		first atomic.Int64
		mu    sync.Mutex
		flows []int64
		last  time.Time
	)
	errs := runFlows(list, opts.concurrency, func(c clients.Client) error {
		start := time.Now()
		first.CompareAndSwap(0, start.UnixMilli())
		err := env.flow(catalogue, c)
		mu.Lock()
		last = time.Now()
		flows = append(flows, last.Sub(start).Milliseconds())
		mu.Unlock()
		return err
	})
	for _, err := range errs {
		log.Error("client flow failed", "err", err)
	}

	result := floorResult{
		FirstFlow:      first.Load(),
		LastFlowEnd:    last.UnixMilli(),
		BrowserVersion: env.browser.Version(),
		FlowMillis:     flows,
	}
	data, err := json.Marshal(result)
	if err == nil {
		err = os.WriteFile(opts.result, data, 0o644)
	}
	if err != nil {
		log.Error("write the result", "path", opts.result, "err", err)
		return 1
	}
	if len(errs) > 0 {
		return 1
	}
	return 0
}

// runFlows calls flow for every client, concurrency at a time, and returns
// the errors.
func runFlows(list []clients.Client, concurrency int, flow func(clients.Client) error) []error {
	jobs := make(chan clients.Client)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	for range min(concurrency, len(list)) {
		wg.Go(func() {
			for c := range jobs {
				if err := flow(c); err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("%s: %w", c.Name, err))
					mu.Unlock()
				}
			}
		})
	}
	for _, c := range list {
		jobs <- c
	}
	close(jobs)
	wg.Wait()
	return errs
}

// floorEnv is the state that the flows share: mmlite, its admin, a team
// and one Chromium.
type floorEnv struct {
	server   *mmlite.Server
	admin    *mattermost.Client
	team     *mattermost.Team
	browser  *browser.Browser
	timeouts pages.Timeouts
	counter  atomic.Int64
}

func startFloorEnv(latency time.Duration, log *slog.Logger) (*floorEnv, error) {
	password := randomHex(18)
	server, err := mmlite.New(mmlite.Options{AdminUsername: "admin", AdminPassword: password, Latency: latency})
	if err != nil {
		return nil, err
	}
	if err := server.Start("127.0.0.1:0"); err != nil {
		return nil, err
	}
	env := &floorEnv{server: server, timeouts: pages.Timeouts{Action: floorAction, Navigation: 2 * floorAction}}

	ctx, cancel := context.WithTimeout(context.Background(), 2*floorAction)
	defer cancel()
	client, err := mattermost.New(server.URL())
	if err == nil {
		var login *mattermost.Login
		login, err = client.Login(ctx, mattermost.LoginRequest{LoginID: "admin", Password: password})
		if err == nil {
			env.admin = client.WithToken(login.Token)
			env.team, err = env.admin.CreateTeam(ctx, "floor", "floor")
		}
	}
	if err == nil {
		env.browser, err = browser.Launch(browser.Options{CLIPath: floorDriverCLI, Headless: true, Logger: log})
	}
	if err != nil {
		env.close(log)
		return nil, err
	}
	return env, nil
}

func (env *floorEnv) close(log *slog.Logger) {
	if err := env.browser.Close(); err != nil {
		log.Warn("close the browser", "err", err)
	}
	if err := env.server.Close(); err != nil {
		log.Warn("stop mmlite", "err", err)
	}
}

func (env *floorEnv) apiContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), floorAction)
}

// flow does what one scenario of the outline does in the browser: sign a
// fresh user in as the client, sign it in on two other clients through the
// API, open Profile > Security > View and Log Out of Active Sessions,
// expand every entry, log out of every session and log back in.
func (env *floorEnv) flow(catalogue *clients.Catalogue, client clients.Client) error {
	username := fmt.Sprintf("floor-%d", env.counter.Add(1))
	password := "Mm1-" + randomHex(12)
	user, err := env.createUser(username, password)
	if err != nil {
		return err
	}

	page, closeContext, err := env.signIn(client, username, password)
	if err != nil {
		return err
	}
	defer closeContext()

	currentID, err := env.onlySession(user.ID)
	if err != nil {
		return err
	}
	for _, other := range catalogue.Others(client, 2) {
		if _, err := env.apiLogin(other, username, password, false); err != nil {
			return err
		}
	}

	profile, err := pages.NewChannelView(page, env.timeouts).OpenProfile()
	if err != nil {
		return err
	}
	if err := profile.OpenSecurity(); err != nil {
		return err
	}
	modal, err := profile.OpenActiveSessions()
	if err != nil {
		return err
	}
	if err := modal.ExpandAll(); err != nil {
		return err
	}
	if _, err := modal.LogOutEvery(currentID); err != nil {
		return err
	}
	login := pages.NewLogin(page, env.timeouts)
	if err := login.WaitShown(); err != nil {
		return err
	}
	if err := login.SignIn(username, password); err != nil {
		return fmt.Errorf("log back in as %s: %w", username, err)
	}
	return pages.NewChannelView(page, env.timeouts).WaitShown()
}

// createUser creates a user and adds it to the team.
func (env *floorEnv) createUser(username, password string) (*mattermost.User, error) {
	ctx, cancel := env.apiContext()
	defer cancel()
	user, err := env.admin.CreateUser(ctx, mattermost.CreateUser{
		Email: username + "@mmspec.invalid", Username: username, Password: password,
	})
	if err != nil {
		return nil, fmt.Errorf("create user %s: %w", username, err)
	}
	if err := env.admin.AddTeamMember(ctx, env.team.ID, user.ID); err != nil {
		return nil, fmt.Errorf("add user %s to the team: %w", username, err)
	}
	return user, nil
}

// onlySession returns the id of the user's one session, which is the
// page's until the other clients log in.
func (env *floorEnv) onlySession(userID string) (string, error) {
	ctx, cancel := env.apiContext()
	defer cancel()
	sessions, err := env.admin.Sessions(ctx, userID)
	if err != nil {
		return "", fmt.Errorf("list the sessions of user %s: %w", userID, err)
	}
	if len(sessions) != 1 {
		return "", fmt.Errorf("expected 1 session after signing in, found %d", len(sessions))
	}
	return sessions[0].ID, nil
}

// apiLogin logs the user in through the REST API as the client would, with
// a fresh device id for the apps. xhr makes the server set session
// cookies.
func (env *floorEnv) apiLogin(client clients.Client, username, password string, xhr bool) (*mattermost.Login, error) {
	ctx, cancel := env.apiContext()
	defer cancel()
	login, err := env.admin.WithToken("").Login(ctx, mattermost.LoginRequest{
		LoginID: username, Password: password, DeviceID: client.NewDeviceID(), UserAgent: client.UserAgent, XHR: xhr,
	})
	if err != nil {
		return nil, fmt.Errorf("log in through the API as %s: %w", client.Name, err)
	}
	return login, nil
}

// signIn opens a browser context dressed as the client and signs the user
// in: through the login form for browsers and the desktop app, or through
// the API with a device id for the native apps, whose session cookies the
// context then carries. It returns the page and a function that closes the
// context.
func (env *floorEnv) signIn(client clients.Client, username, password string) (playwright.Page, func(), error) {
	var cookies []*http.Cookie
	if client.SignIn == clients.SignInApp {
		login, err := env.apiLogin(client, username, password, true)
		if err != nil {
			return nil, nil, err
		}
		cookies = login.Cookies
	}

	bctx, err := env.browser.NewContext(client, browser.ContextOptions{
		BaseURL:           env.server.URL(),
		Locale:            floorLocale,
		TimezoneID:        floorTimezoneID,
		ActionTimeout:     env.timeouts.Action,
		NavigationTimeout: env.timeouts.Navigation,
		Cookies:           cookies,
	})
	if err != nil {
		return nil, nil, err
	}
	closeContext := func() { _ = bctx.Close() }
	page, err := bctx.NewPage()
	if err == nil {
		err = env.openApp(page, client, username, password)
	}
	if err != nil {
		closeContext()
		return nil, nil, err
	}
	return page, closeContext, nil
}

func (env *floorEnv) openApp(page playwright.Page, client clients.Client, username, password string) error {
	if client.SignIn == clients.SignInApp {
		return pages.NewChannelView(page, env.timeouts).Open()
	}
	login := pages.NewLogin(page, env.timeouts)
	if err := login.Open(); err != nil {
		return err
	}
	if err := login.SignIn(username, password); err != nil {
		return fmt.Errorf("sign in as %s: %w", username, err)
	}
	return pages.NewChannelView(page, env.timeouts).WaitShown()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random bytes: %v", err))
	}
	return hex.EncodeToString(b)
}
