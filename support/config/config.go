// Package config builds the runner's settings from godog.yml, the
// environment and command-line flags, in that order of precedence from
// lowest to highest.
//
// Typical use:
//
//	cfg, err := config.Load(path)      // defaults, then the file
//	err = cfg.ApplyEnv(os.Getenv)      // MMSPEC_* and PLAYWRIGHT_* variables
//	config.BindFlags(fs, &cfg)         // then fs.Parse(args)
//	err = cfg.Validate()
//
// Admin credentials for a real Mattermost come only from the environment,
// never from godog.yml.
package config

import (
	"fmt"
	"io"
	"log/slog"
	"time"
)

// DefaultPath is the settings file the runner reads when no other is given.
const DefaultPath = "godog.yml"

// TargetEmbedded runs the specification against the in-process Mattermost
// stand-in, mmlite.
const TargetEmbedded = "embedded"

// Trace modes for Browser.Trace.
const (
	TraceOff             = "off"
	TraceOn              = "on"
	TraceRetainOnFailure = "retain-on-failure"
)

// User menu generations that mmlite can imitate, for Mmlite.UserMenu.
const (
	UserMenu11 = "11" // Mattermost 10 and later: #userAccountMenuButton
	UserMenu9  = "9"  // Mattermost 9.x: button.status-wrapper
)

// Config holds all runner settings. The yaml tags are the keys of godog.yml.
type Config struct {
	Paths       []string `yaml:"paths"`       // feature files or folders
	Tags        string   `yaml:"tags"`        // godog tag expression; empty runs all
	Format      string   `yaml:"format"`      // godog formatters, e.g. "pretty,junit:reports/junit.xml"
	Concurrency int      `yaml:"concurrency"` // scenarios run in parallel
	Strict      bool     `yaml:"strict"`      // fail on undefined or pending steps
	Randomize   bool     `yaml:"randomize"`   // shuffle the scenario order
	// Retries runs a failed scenario again, up to this many times, in a
	// fresh browser context; one that then passes is reported as flaky.
	Retries int `yaml:"retries"`
	// FailOnFlaky makes a run with a flaky scenario fail.
	FailOnFlaky bool `yaml:"fail_on_flaky"`
	// Target is TargetEmbedded or the http(s) URL of a Mattermost server.
	Target  string `yaml:"target"`
	Reports string `yaml:"reports"` // folder for report files, screenshots and traces
	// Catalogue is a YAML file of client types that adds to, or replaces by
	// name, the built-in catalogue; empty uses the built-in one alone.
	Catalogue string   `yaml:"catalogue"`
	Timeouts  Timeouts `yaml:"timeouts"`
	Browser   Browser  `yaml:"browser"`
	Driver    Driver   `yaml:"driver"`
	Mmlite    Mmlite   `yaml:"mmlite"`
	// Accessibility configures the accessibility audit step.
	Accessibility Accessibility `yaml:"accessibility"`
	// Admin is read only from the MMSPEC_ADMIN_* environment variables.
	Admin Credentials `yaml:"-" json:"-"`
}

// Timeouts bound the run at each level.
type Timeouts struct {
	Step      time.Duration `yaml:"step"`      // one step
	Scenario  time.Duration `yaml:"scenario"`  // one scenario with its hooks
	Run       time.Duration `yaml:"run"`       // the whole run
	Action    time.Duration `yaml:"action"`    // one browser action, such as a click
	Assertion time.Duration `yaml:"assertion"` // one web-first assertion to come true
}

// Browser configures the Chromium that the steps drive.
type Browser struct {
	Headless bool `yaml:"headless"`
	// ExecutablePath is the browser binary. Empty lets the runner look for
	// a system Chromium, then Playwright's own download.
	ExecutablePath string   `yaml:"executable_path"`
	Args           []string `yaml:"args"` // command-line switches for a launched browser
	// WSEndpoint connects to a remote Playwright browser server
	// (ws:// or wss://) instead of launching a browser.
	WSEndpoint string        `yaml:"ws_endpoint"`
	SlowMo     time.Duration `yaml:"slow_mo"`     // pause after each browser operation
	Trace      string        `yaml:"trace"`       // TraceOff, TraceOn or TraceRetainOnFailure
	Locale     string        `yaml:"locale"`      // browser locale, e.g. en-US; empty keeps the browser's
	TimezoneID string        `yaml:"timezone_id"` // IANA time zone, e.g. UTC; empty keeps the machine's
}

// Driver locates the Playwright driver that playwright-go starts.
type Driver struct {
	CLIPath  string `yaml:"cli_path"`  // playwright-core's cli.js
	NodePath string `yaml:"node_path"` // Node.js binary; empty finds node on PATH
}

// Mmlite configures the embedded stand-in. It applies only when Target is
// TargetEmbedded.
type Mmlite struct {
	Faults    []string      `yaml:"faults"`     // faults to inject, by name
	Latency   time.Duration `yaml:"latency"`    // delay added to every API response
	NoLanding bool          `yaml:"no_landing"` // skip the "View in Browser" landing page
	UserMenu  string        `yaml:"user_menu"`  // UserMenu11 or UserMenu9
}

// Accessibility configures the axe-core audit of the Active Sessions modal.
type Accessibility struct {
	// AxePath is axe-core's axe.min.js, installed by `make setup`.
	AxePath string `yaml:"axe_path"`
	// Tags select axe-core's rules, e.g. [wcag2a, wcag2aa].
	Tags []string `yaml:"tags"`
	// MinImpact is the lowest impact that fails the audit: minor,
	// moderate, serious or critical.
	MinImpact string `yaml:"min_impact"`
	// Accepted lists rules reported as warnings, each with its reason.
	Accepted []AcceptedRule `yaml:"accepted"`
}

// AcceptedRule is an axe-core rule whose violations a team accepts for now.
type AcceptedRule struct {
	Rule   string `yaml:"rule"`   // axe-core rule id, e.g. color-contrast
	Reason string `yaml:"reason"` // why, e.g. the issue filed for it
}

// Credentials are a Mattermost admin's credentials. A Token, when set, is
// used instead of Username and Password. Formatting and logging redact
// Password and Token.
type Credentials struct {
	Username string
	Password string
	Token    string
}

// IsSet reports whether any credential is set.
func (c Credentials) IsSet() bool {
	return c.Username != "" || c.Password != "" || c.Token != ""
}

// String describes the credentials without the password and token.
func (c Credentials) String() string {
	return fmt.Sprintf("config.Credentials{Username: %q, Password: %s, Token: %s}",
		c.Username, describeSecret(c.Password), describeSecret(c.Token))
}

// Format writes String for every verb, so no verb prints a secret.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue logs the username and which secrets are set.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("username", c.Username),
		slog.Bool("password_set", c.Password != ""),
		slog.Bool("token_set", c.Token != ""),
	)
}

func describeSecret(secret string) string {
	if secret == "" {
		return "unset"
	}

	return "[REDACTED]"
}

// DefaultBrowserArgs are the Chromium switches used when godog.yml sets
// none. They make Chromium run in containers and keep it off the network
// except for the target.
func DefaultBrowserArgs() []string {
	return []string{
		"--no-sandbox",
		"--disable-gpu",
		"--disable-quic",
		"--no-first-run",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
	}
}

// Default returns the settings used for every key that godog.yml, the
// environment and the flags leave unset. godog.yml at the project root
// lists the same values.
func Default() Config {
	return Config{
		Paths:       []string{"features"},
		Format:      "progress",
		Concurrency: 7,
		Strict:      true,
		Target:      TargetEmbedded,
		Reports:     "reports",
		Timeouts: Timeouts{
			Step:      60 * time.Second,
			Scenario:  3 * time.Minute,
			Run:       20 * time.Minute,
			Action:    15 * time.Second,
			Assertion: 10 * time.Second,
		},
		Browser: Browser{
			Headless:   true,
			Args:       DefaultBrowserArgs(),
			Trace:      TraceRetainOnFailure,
			Locale:     "en-US",
			TimezoneID: "UTC",
		},
		Driver: Driver{
			CLIPath: "tools/node_modules/playwright-core/cli.js",
		},
		Mmlite: Mmlite{
			UserMenu: UserMenu11,
		},
		Accessibility: Accessibility{
			AxePath:   "tools/node_modules/axe-core/axe.min.js",
			Tags:      []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"},
			MinImpact: "serious",
		},
	}
}

// IsEmbedded reports whether the target is the embedded stand-in.
func (c Config) IsEmbedded() bool { return c.Target == TargetEmbedded }
