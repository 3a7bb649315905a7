package browser

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/mxschmitt/playwright-go"

	"mmspec/support/clients"
)

// desktopBridge plays the part of the Mattermost desktop app's preload script.
// The web app hands every navigation to window.desktopAPI when the user
// agent is the desktop app's, and moves only when the app calls back the
// listener with the path; older desktop apps used window.postMessage with
// "browser-history-push" and "browser-history-push-return".
const desktopBridge = `(() => {
  const listeners = [];
  const push = (path) => setTimeout(() => listeners.forEach((fn) => fn(path)), 0);
  window.desktopAPI = {
    sendBrowserHistoryPush: push,
    onBrowserHistoryPush: (fn) => {
      listeners.push(fn);
      return () => listeners.splice(listeners.indexOf(fn), 1);
    },
  };
  window.addEventListener('message', (event) => {
    const msg = event.data;
    if (event.source !== window || !msg || msg.type !== 'browser-history-push') {
      return;
    }
    const path = (msg.message && (msg.message.path || msg.message.pathName)) || '';
    window.postMessage({type: 'browser-history-push-return', message: {pathName: path}}, window.location.origin);
  });
})();`

// ContextOptions configures a scenario's browser context.
type ContextOptions struct {
	BaseURL           string
	Locale            string
	TimezoneID        string
	ActionTimeout     time.Duration
	NavigationTimeout time.Duration
	// Cookies are the session cookies a native app's API login returned;
	// the browser carries them so the page uses that session.
	Cookies []*http.Cookie
}

// NewContext opens an isolated context that presents itself as the client
// type: its user agent, viewport, scale, touch and mobile flags, and for the
// desktop app its navigation bridge.
func (b *Browser) NewContext(client clients.Client, opts ContextOptions) (playwright.BrowserContext, error) {
	ctxOpts := playwright.BrowserNewContextOptions{
		BaseURL:           playwright.String(opts.BaseURL),
		UserAgent:         playwright.String(client.UserAgent),
		Viewport:          &playwright.Size{Width: client.Viewport.Width, Height: client.Viewport.Height},
		IsMobile:          playwright.Bool(client.Mobile),
		HasTouch:          playwright.Bool(client.Touch),
		Locale:            playwright.String(opts.Locale),
		TimezoneId:        playwright.String(opts.TimezoneID),
		IgnoreHttpsErrors: playwright.Bool(false),
	}
	if client.Scale > 0 {
		ctxOpts.DeviceScaleFactor = playwright.Float(client.Scale)
	}
	bctx, err := b.browser.NewContext(ctxOpts)
	if err != nil {
		return nil, fmt.Errorf("new browser context for %s: %w", client.Name, err)
	}
	if opts.ActionTimeout > 0 {
		bctx.SetDefaultTimeout(float64(opts.ActionTimeout.Milliseconds()))
	}
	if opts.NavigationTimeout > 0 {
		bctx.SetDefaultNavigationTimeout(float64(opts.NavigationTimeout.Milliseconds()))
	}

	if client.DesktopApp {
		if err := bctx.AddInitScript(playwright.Script{Content: playwright.String(desktopBridge)}); err != nil {
			closeQuietly(bctx, b.log)
			return nil, fmt.Errorf("add the desktop app bridge for %s: %w", client.Name, err)
		}
	}
	if len(opts.Cookies) > 0 {
		if err := bctx.AddCookies(toPlaywright(opts.BaseURL, opts.Cookies)); err != nil {
			closeQuietly(bctx, b.log)
			return nil, fmt.Errorf("add the session cookies for %s: %w", client.Name, err)
		}
	}
	return bctx, nil
}

// toPlaywright converts cookies a server set for baseURL into Playwright's
// form. HttpOnly cookies stay HttpOnly, so the page's scripts cannot read
// the session token, as in a real browser.
func toPlaywright(baseURL string, cookies []*http.Cookie) []playwright.OptionalCookie {
	out := make([]playwright.OptionalCookie, 0, len(cookies))
	for _, c := range cookies {
		oc := playwright.OptionalCookie{
			Name:     c.Name,
			Value:    c.Value,
			URL:      playwright.String(baseURL),
			HttpOnly: playwright.Bool(c.HttpOnly),
			Secure:   playwright.Bool(c.Secure),
		}
		if !c.Expires.IsZero() {
			oc.Expires = playwright.Float(float64(c.Expires.Unix()))
		} else if c.MaxAge > 0 {
			oc.Expires = playwright.Float(float64(time.Now().Add(time.Duration(c.MaxAge) * time.Second).Unix()))
		}
		out = append(out, oc)
	}
	return out
}

func closeQuietly(bctx playwright.BrowserContext, log *slog.Logger) {
	if err := bctx.Close(); err != nil {
		log.Warn("close browser context", "err", err)
	}
}

// launchHeader encodes launch options for a remote Playwright server in the
// x-playwright-launch-options header.
func launchHeader(opts Options, args []string) (string, error) {
	v := map[string]any{"headless": opts.Headless, "args": args}
	if opts.ExecutablePath != "" {
		v["executablePath"] = opts.ExecutablePath
	}
	data, err := json.Marshal(v)
	return string(data), err
}

func connect(pw *playwright.Playwright, opts Options, args []string, log *slog.Logger) (playwright.Browser, error) {
	header, err := launchHeader(opts, args)
	if err != nil {
		return nil, fmt.Errorf("encode launch options: %w", err)
	}
	log.Info("connecting to remote browser", "endpoint", opts.WSEndpoint)
	b, err := pw.Chromium.Connect(opts.WSEndpoint, playwright.BrowserTypeConnectOptions{
		Headers: map[string]string{"x-playwright-launch-options": header},
		Timeout: playwright.Float(30000),
	})
	if err != nil {
		return nil, fmt.Errorf("connect to the browser server %s: %w", opts.WSEndpoint, err)
	}
	return b, nil
}
