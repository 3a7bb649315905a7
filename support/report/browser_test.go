package report

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/mxschmitt/playwright-go"
)

// chromiumPath is the Chromium that Debian's chromium package installs,
// which `make setup` provides.
const chromiumPath = "/usr/bin/chromium"

// openInChromium starts the Playwright driver and a headless Chromium, or
// skips the test when either is missing.
func openInChromium(t *testing.T) playwright.Browser {
	t.Helper()
	cli, err := filepath.Abs("../../tools/node_modules/playwright-core/cli.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cli); err != nil {
		t.Skipf("the Playwright driver %s is missing; run `make setup`", cli)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("%s is missing; run `make setup`", chromiumPath)
	}
	t.Setenv("PLAYWRIGHT_CLI_PATH", cli)
	t.Setenv("PLAYWRIGHT_NODEJS_PATH", node)

	pw, err := playwright.Run(&playwright.RunOptions{SkipInstallBrowsers: true})
	if err != nil {
		t.Fatalf("start the Playwright driver: %v", err)
	}
	t.Cleanup(func() {
		if err := pw.Stop(); err != nil {
			t.Errorf("stop the Playwright driver: %v", err)
		}
	})
	browser, err := pw.Chromium.Launch(playwright.BrowserTypeLaunchOptions{
		ExecutablePath: playwright.String(chromiumPath),
		Headless:       playwright.Bool(true),
		Args: []string{
			"--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
		},
	})
	if err != nil {
		t.Fatalf("launch Chromium: %v", err)
	}
	t.Cleanup(func() {
		if err := browser.Close(); err != nil {
			t.Errorf("close Chromium: %v", err)
		}
	})
	return browser
}

// TestReportInChromium opens the written page from the file system with
// every non-file request blocked, and checks that each scenario renders
// with its screenshots and that no request left the file.
func TestReportInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Chromium")
	}
	out := filepath.Join(t.TempDir(), "index.html")
	err := WriteHTML(HTMLOptions{
		CucumberJSON: "testdata/mixed/cucumber.json",
		Features:     []string{projectFeature},
		Out:          out,
		Title:        "MM-T2088 View and Log Out of Active Sessions",
	})
	if err != nil {
		t.Fatal(err)
	}

	browser := openInChromium(t)
	page, err := browser.NewPage(playwright.BrowserNewPageOptions{Viewport: &playwright.Size{Width: 1280, Height: 900}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var requests, blocked []string
	page.OnRequest(func(r playwright.Request) {
		mu.Lock()
		defer mu.Unlock()
		requests = append(requests, r.URL())
	})
	err = page.Route("**", func(route playwright.Route) {
		u := route.Request().URL()
		if strings.HasPrefix(u, "file:") || strings.HasPrefix(u, "data:") {
			if err := route.Continue(); err != nil {
				t.Errorf("continue %s: %v", u, err)
			}
			return
		}
		mu.Lock()
		blocked = append(blocked, u)
		mu.Unlock()
		if err := route.Abort(); err != nil {
			t.Errorf("abort %s: %v", u, err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}

	pageURL := (&url.URL{Scheme: "file", Path: out}).String()
	if _, err := page.Goto(pageURL, playwright.PageGotoOptions{WaitUntil: playwright.WaitUntilStateLoad}); err != nil {
		t.Fatalf("open %s: %v", pageURL, err)
	}

	scenarios, err := page.Locator("article.scenario h3").AllInnerTexts()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Log out of every session from the Windows client",
		"Log out of every session from the Android Native App client",
	}
	for _, name := range want {
		if !containsString(scenarios, name) {
			t.Errorf("the page shows scenarios %q, without %q", scenarios, name)
		}
	}

	images := page.Locator("article.scenario img")
	n, err := images.Count()
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d screenshots, want 2 (the Windows modal and the Android failure)", n)
	}
	for i := 0; i < n; i++ {
		img := images.Nth(i)
		width, err := img.Evaluate("img => img.complete ? img.naturalWidth : 0", nil)
		if err != nil {
			t.Fatal(err)
		}
		alt, err := img.GetAttribute("alt")
		if err != nil {
			t.Fatal(err)
		}
		if w, ok := width.(int); !ok || w <= 0 {
			t.Errorf("screenshot %d (%s) has naturalWidth %v; it did not decode", i, alt, width)
		}
		if alt == "" {
			t.Errorf("screenshot %d has no alt text", i)
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if len(blocked) > 0 {
		t.Errorf("the page requested %q outside the file", blocked)
	}
	for _, u := range requests {
		if u != pageURL && !strings.HasPrefix(u, "data:") {
			t.Errorf("the page requested %s", u)
		}
	}

	if dir := os.Getenv("REPORT_SCREENSHOT_DIR"); dir != "" {
		for i := 0; i < 8; i++ {
			clip := &playwright.Rect{X: 0, Y: float64(i * 1000), Width: 1280, Height: 1000}
			path := filepath.Join(dir, fmt.Sprintf("part-%d.png", i))
			if _, err := page.Screenshot(playwright.PageScreenshotOptions{Path: &path, FullPage: playwright.Bool(true), Clip: clip}); err != nil {
				break
			}
		}
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if strings.TrimSpace(v) == s {
			return true
		}
	}
	return false
}
