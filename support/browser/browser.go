// Package browser starts the Playwright driver and Chromium once per run and
// gives every scenario its own isolated browser context, dressed as the
// client type the scenario emulates.
package browser

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/mxschmitt/playwright-go"
)

// DefaultArgs are the Chromium flags that keep it from reaching out to the
// network on its own and let it run as root in a container.
var DefaultArgs = []string{
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
}

// systemChromium lists where Linux distributions install Chromium or Chrome.
var systemChromium = []string{
	"/usr/bin/chromium",
	"/usr/bin/chromium-browser",
	"/usr/bin/google-chrome",
	"/usr/bin/google-chrome-stable",
}

// Options configures the driver and the browser.
type Options struct {
	// CLIPath is playwright-core's cli.js, the driver that playwright-go
	// runs; it must be Playwright 1.64.1.
	CLIPath string
	// NodePath is the Node.js binary; "" finds node on PATH.
	NodePath string
	// ExecutablePath is the Chromium binary; "" picks a system Chromium
	// and falls back to Playwright's own browser build.
	ExecutablePath string
	Headless       bool
	Args           []string
	// WSEndpoint connects to a remote Playwright browser server instead of
	// launching Chromium.
	WSEndpoint string
	SlowMo     time.Duration
	Logger     *slog.Logger
}

// Browser is a running Playwright driver with one Chromium.
type Browser struct {
	pw      *playwright.Playwright
	browser playwright.Browser
	log     *slog.Logger

	closeOnce sync.Once
	closeErr  error
}

// Launch starts the driver and Chromium. Every error names what to install
// or configure.
func Launch(opts Options) (*Browser, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := setDriverEnv(opts); err != nil {
		return nil, err
	}

	start := time.Now()
	pw, err := playwright.Run(&playwright.RunOptions{SkipInstallBrowsers: true, Verbose: false})
	if err != nil {
		return nil, fmt.Errorf("start the Playwright driver %s: %w (run `make setup` to install playwright-core 1.64.1)",
			opts.CLIPath, err)
	}
	log.Debug("playwright driver started", "elapsed", time.Since(start))

	b, err := connectOrLaunch(pw, opts, log)
	if err != nil {
		if stopErr := pw.Stop(); stopErr != nil {
			log.Warn("stop playwright driver", "err", stopErr)
		}
		return nil, err
	}
	log.Info("browser ready", "version", b.Version(), "elapsed", time.Since(start))
	return &Browser{pw: pw, browser: b, log: log}, nil
}

func setDriverEnv(opts Options) error {
	if opts.CLIPath == "" {
		return errors.New("the Playwright driver path is empty; set driver.cli_path in godog.yml " +
			"to playwright-core's cli.js (run `make setup` to install it)")
	}
	cli, err := filepath.Abs(opts.CLIPath)
	if err != nil {
		return fmt.Errorf("resolve driver.cli_path %q: %w", opts.CLIPath, err)
	}
	if _, err := os.Stat(cli); err != nil {
		return fmt.Errorf("the Playwright driver %s is missing; run `make setup` "+
			"(it runs npm ci in tools/ to install playwright-core 1.64.1)", cli)
	}
	node := opts.NodePath
	if node == "" {
		node, err = exec.LookPath("node")
		if err != nil {
			return errors.New("node is not on PATH; install Node.js 20 (apt-get install nodejs) " +
				"or set driver.node_path in godog.yml")
		}
	}
	os.Setenv("PLAYWRIGHT_CLI_PATH", cli)
	os.Setenv("PLAYWRIGHT_NODEJS_PATH", node)
	return nil
}

func connectOrLaunch(pw *playwright.Playwright, opts Options, log *slog.Logger) (playwright.Browser, error) {
	args := opts.Args
	if args == nil {
		args = DefaultArgs
	}
	if opts.WSEndpoint != "" {
		return connect(pw, opts, args, log)
	}
	if !opts.Headless && runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return nil, errors.New("a browser with a window (--headless=false) needs a display, and neither DISPLAY " +
			"nor WAYLAND_DISPLAY is set; run headless, or under a virtual display: xvfb-run go run ./cmd/mmspec ...")
	}

	launch := playwright.BrowserTypeLaunchOptions{
		Headless: playwright.Bool(opts.Headless),
		Args:     args,
	}
	if opts.SlowMo > 0 {
		launch.SlowMo = playwright.Float(float64(opts.SlowMo.Milliseconds()))
	}
	exe, err := FindChromium(opts.ExecutablePath)
	if err != nil {
		return nil, err
	}
	if exe != "" {
		launch.ExecutablePath = playwright.String(exe)
	}
	log.Debug("launching chromium", "executable", exe, "headless", opts.Headless)
	b, err := pw.Chromium.Launch(launch)
	if err != nil {
		if exe == "" {
			return nil, fmt.Errorf("launch Playwright's own Chromium: %w; no system Chromium was found "+
				"at %v: install one (apt-get install chromium) or set browser.executable_path", err, systemChromium)
		}
		return nil, fmt.Errorf("launch Chromium %s: %w", exe, err)
	}
	return b, nil
}

// Check finds the driver, Node.js and, unless a remote browser server is
// configured, Chromium, without starting any of them, so a run can fail
// before it starts a target.
func Check(opts Options) error {
	if err := setDriverEnv(opts); err != nil {
		return err
	}
	if opts.WSEndpoint != "" {
		return nil
	}
	_, err := FindChromium(opts.ExecutablePath)
	return err
}

// FindChromium returns the Chromium to launch: the configured path, which
// must exist, or the first system Chromium found, or "" to let Playwright
// use its own browser build.
func FindChromium(configured string) (string, error) {
	if configured != "" {
		if _, err := os.Stat(configured); err != nil {
			return "", fmt.Errorf("browser.executable_path %s does not exist; install Chromium "+
				"(apt-get install chromium) or fix the path", configured)
		}
		return configured, nil
	}
	for _, p := range systemChromium {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", nil
}

// Version returns the browser's version.
func (b *Browser) Version() string { return b.browser.Version() }

// Playwright returns the driver, for device descriptors and assertions.
func (b *Browser) Playwright() *playwright.Playwright { return b.pw }

// Close closes the browser and stops the driver. It is safe to call more
// than once, from any goroutine, and on a nil Browser.
func (b *Browser) Close() error {
	if b == nil {
		return nil
	}
	b.closeOnce.Do(func() {
		var errs []error
		if err := b.browser.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close browser: %w", err))
		}
		if err := b.pw.Stop(); err != nil {
			errs = append(errs, fmt.Errorf("stop playwright driver: %w", err))
		}
		b.closeErr = errors.Join(errs...)
	})
	return b.closeErr
}
