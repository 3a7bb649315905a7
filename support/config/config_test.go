package config

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "godog.yml")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))

	return path
}

func TestDefaults(t *testing.T) {
	cfg := Default()

	assert.Equal(t, []string{"features"}, cfg.Paths)
	assert.Equal(t, "", cfg.Tags)
	assert.Equal(t, "progress", cfg.Format)
	assert.Equal(t, 7, cfg.Concurrency)
	assert.True(t, cfg.Strict)
	assert.False(t, cfg.Randomize)
	assert.Equal(t, "embedded", cfg.Target)
	assert.True(t, cfg.IsEmbedded())
	assert.Equal(t, "reports", cfg.Reports)
	assert.Equal(t, Timeouts{
		Step: 60 * time.Second, Scenario: 3 * time.Minute, Run: 20 * time.Minute,
		Action: 15 * time.Second, Assertion: 10 * time.Second,
	}, cfg.Timeouts)
	assert.True(t, cfg.Browser.Headless)
	assert.Equal(t, "retain-on-failure", cfg.Browser.Trace)
	assert.Contains(t, cfg.Browser.Args, "--no-sandbox")
	assert.Equal(t, "tools/node_modules/playwright-core/cli.js", cfg.Driver.CLIPath)
	assert.Equal(t, "11", cfg.Mmlite.UserMenu)
	assert.Empty(t, cfg.Mmlite.Faults)
	assert.False(t, cfg.Admin.IsSet())
	assert.NoError(t, cfg.Validate())
}

func TestDefaultArgsAreCopies(t *testing.T) {
	first := Default()
	first.Browser.Args[0] = "--changed"

	assert.Equal(t, "--no-sandbox", Default().Browser.Args[0])
}

func TestProjectFileMatchesDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "godog.yml"))
	require.NoError(t, err)

	assert.Equal(t, Default(), cfg)
}

func TestLoadEmptyPath(t *testing.T) {
	cfg, err := Load("")
	require.NoError(t, err)
	assert.Equal(t, Default(), cfg)
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.yml")

	_, err := Load(path)
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), path)
}

func TestLoadEmptyFile(t *testing.T) {
	for name, content := range map[string]string{"empty": "", "comment only": "# nothing set\n", "document marker": "---\n"} {
		t.Run(name, func(t *testing.T) {
			cfg, err := Load(writeFile(t, content))
			require.NoError(t, err)
			assert.Equal(t, Default(), cfg)
		})
	}
}

func TestLoadOverridesDefaults(t *testing.T) {
	path := writeFile(t, `
paths: [features/a.feature, more]
tags: "@MM-T2088 && ~@slow"
format: progress,cucumber:reports/cucumber.json,junit:reports/junit.xml
concurrency: 4
strict: false
randomize: true
target: https://mattermost.example.com/
reports: out
timeouts:
  step: 30s
  assertion: 2500ms
browser:
  headless: false
  args: [--disable-gpu]
  ws_endpoint: ws://127.0.0.1:3000/
  slow_mo: 250ms
  trace: "on"
  locale: de-DE
  timezone_id: Europe/Berlin
  executable_path: ~
driver:
  node_path: /usr/bin/node
mmlite:
  faults: [wrong-label, dead-logout]
  latency: 150ms
  no_landing: true
  user_menu: 9
`)

	cfg, err := Load(path)
	require.NoError(t, err)

	want := Default()
	want.Paths = []string{"features/a.feature", "more"}
	want.Tags = "@MM-T2088 && ~@slow"
	want.Format = "progress,cucumber:reports/cucumber.json,junit:reports/junit.xml"
	want.Concurrency = 4
	want.Strict = false
	want.Randomize = true
	want.Target = "https://mattermost.example.com/"
	want.Reports = "out"
	want.Timeouts.Step = 30 * time.Second
	want.Timeouts.Assertion = 2500 * time.Millisecond
	want.Browser.Headless = false
	want.Browser.Args = []string{"--disable-gpu"}
	want.Browser.WSEndpoint = "ws://127.0.0.1:3000/"
	want.Browser.SlowMo = 250 * time.Millisecond
	want.Browser.Trace = "on"
	want.Browser.Locale = "de-DE"
	want.Browser.TimezoneID = "Europe/Berlin"
	want.Driver.NodePath = "/usr/bin/node"
	want.Mmlite = Mmlite{Faults: []string{"wrong-label", "dead-logout"}, Latency: 150 * time.Millisecond, NoLanding: true, UserMenu: "9"}
	assert.Equal(t, want, cfg)
}

func TestLoadAnchorsAndAliases(t *testing.T) {
	cfg, err := Load(writeFile(t, "timeouts:\n  step: &long 90s\n  scenario: *long\n"))
	require.NoError(t, err)

	assert.Equal(t, 90*time.Second, cfg.Timeouts.Step)
	assert.Equal(t, 90*time.Second, cfg.Timeouts.Scenario)
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string // each expected in the error, after "<file>:"
	}{
		{
			name:    "duration in words",
			content: "paths: [features]\ntimeouts:\n  step: 3 seconds\n",
			want:    []string{`3: key timeouts.step: invalid duration "3 seconds", use a Go duration like 30s`},
		},
		{
			name:    "duration without unit",
			content: "browser:\n  slow_mo: 30\n",
			want:    []string{`2: key browser.slow_mo: invalid duration "30", use a Go duration like 30s`},
		},
		{
			name:    "duration as list",
			content: "mmlite:\n  latency: [1s]\n",
			want:    []string{`2: key mmlite.latency: expected a duration like 30s, got a list`},
		},
		{
			name:    "unknown top-level key with suggestion",
			content: "format: pretty\nconcurency: 3\n",
			want:    []string{`2: key concurency: unknown key, did you mean concurrency?`},
		},
		{
			name:    "unknown nested key with suggestion",
			content: "browser:\n  headles: true\n",
			want:    []string{`2: key browser.headles: unknown key, did you mean browser.headless?`},
		},
		{
			name:    "unknown key lists known keys",
			content: "driver:\n  chromium: /usr/bin/chromium\n",
			want:    []string{`2: key driver.chromium: unknown key; the keys under driver are cli_path, node_path`},
		},
		{
			name:    "concurrency as word",
			content: "concurrency: two\n",
			want:    []string{`1: key concurrency: invalid integer "two", use a whole number like 2`},
		},
		{
			name:    "concurrency quoted",
			content: "concurrency: \"2\"\n",
			want:    []string{`1: key concurrency: invalid integer "2", use a whole number like 2`},
		},
		{
			name:    "concurrency zero",
			content: "\n\nconcurrency: 0\n",
			want:    []string{`3: key concurrency: 0 is invalid, use 1 or more`},
		},
		{
			name:    "boolean yes",
			content: "strict: yes\n",
			want:    []string{`1: key strict: invalid boolean "yes", use true or false`},
		},
		{
			name:    "string given a mapping",
			content: "target:\n  url: http://127.0.0.1:8065\n",
			want:    []string{`2: key target: expected a string, got a mapping`},
		},
		{
			name:    "paths as a string",
			content: "paths: features\n",
			want:    []string{`1: key paths: expected a list like [a, b], got "features"`},
		},
		{
			name:    "paths empty list",
			content: "paths: []\n",
			want:    []string{`1: key paths: is empty, list feature files or folders, e.g. [features]`},
		},
		{
			name:    "list item mapping",
			content: "mmlite:\n  faults:\n    - wrong-label\n    - {name: x}\n",
			want:    []string{`4: key mmlite.faults: item 2: expected a string, got a mapping`},
		},
		{
			name:    "section as a scalar",
			content: "timeouts: 60s\n",
			want:    []string{`1: key timeouts: expected a mapping of keys to values, got "60s"`},
		},
		{
			name:    "top level list",
			content: "- features\n",
			want:    []string{`1: the settings must be a mapping of keys to values, got a list`},
		},
		{
			name:    "trace not in set",
			content: "browser:\n  trace: always\n",
			want:    []string{`2: key browser.trace: invalid value "always", use one of off, on, retain-on-failure`},
		},
		{
			name:    "user menu not in set",
			content: "mmlite:\n  user_menu: 10\n",
			want:    []string{`2: key mmlite.user_menu: invalid value "10", use one of 11, 9`},
		},
		{
			name:    "target neither embedded nor url",
			content: "target: staging\n",
			want:    []string{`1: key target: invalid target "staging", use "embedded" or the http(s) URL of a Mattermost server`},
		},
		{
			name:    "target with password",
			content: "target: https://admin:hunter2@mattermost.example.com\n",
			want:    []string{`1: key target: invalid target "https://admin:xxxxx@mattermost.example.com": remove the user info`},
		},
		{
			name:    "unknown formatter",
			content: "format: pretty,html:reports/r.html\n",
			want:    []string{`1: key format: unknown formatter "html", use cucumber, events, junit, pretty, progress, each optionally with :<file>`},
		},
		{
			name:    "format with spaces",
			content: "format: pretty, junit\n",
			want:    []string{`1: key format: "pretty, junit" has spaces around " junit", remove them`},
		},
		{
			name:    "format without path",
			content: "format: \"junit:\"\n",
			want:    []string{`1: key format: "junit:" has no file path after "junit:"`},
		},
		{
			name:    "tags with trailing comma",
			content: "tags: \"@a,\"\n",
			want:    []string{`1: key tags: invalid tag expression "@a,", use godog's syntax`},
		},
		{
			name:    "tags in cucumber syntax",
			content: "tags: \"@a and not @b\"\n",
			want:    []string{`1: key tags: invalid tag expression "@a and not @b"`},
		},
		{
			name:    "negative timeout",
			content: "timeouts:\n  run: -1m\n",
			want:    []string{`2: key timeouts.run: -1m0s is invalid, use a duration above 0 like 20m`},
		},
		{
			name:    "ws endpoint over http",
			content: "browser:\n  ws_endpoint: http://127.0.0.1:3000\n",
			want:    []string{`2: key browser.ws_endpoint: invalid endpoint "http://127.0.0.1:3000", use a ws:// or wss:// URL`},
		},
		{
			name:    "browser arg without dashes",
			content: "browser:\n  args: [no-sandbox]\n",
			want:    []string{`2: key browser.args: item 1 "no-sandbox" is not a switch, write it like --disable-gpu`},
		},
		{
			name:    "admin section",
			content: "target: embedded\nadmin:\n  username: sysadmin\n  password: hunter2\n",
			want:    []string{`2: key admin: credentials are not read from godog.yml, remove the key and set MMSPEC_ADMIN_TOKEN, or MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD, in the environment`},
		},
		{
			name:    "password under a section",
			content: "browser:\n  password: hunter2\n",
			want:    []string{`2: key browser.password: credentials are not read from godog.yml`},
		},
		{
			name:    "token at top",
			content: "token: abc\n",
			want:    []string{`1: key token: credentials are not read from godog.yml`},
		},
		{
			name:    "duplicate key",
			content: "tags: \"@a\"\ntags: \"@b\"\n",
			want:    []string{`2: key tags: duplicate key, first set on line 1`},
		},
		{
			name:    "yaml syntax",
			content: "paths: [features\nformat: pretty\n",
			want:    []string{`1: invalid YAML: did not find expected ',' or ']'`},
		},
		{
			name:    "tab indentation",
			content: "browser:\n\theadless: true\n",
			want:    []string{`2: invalid YAML: found character that cannot start any token`},
		},
		{
			name:    "second document",
			content: "concurrency: 1\n---\nconcurrency: 2\n",
			want:    []string{`2: a second YAML document starts here, keep all settings in one`},
		},
		{
			name:    "several problems at once",
			content: "concurrency: 0\nbrowser:\n  trace: always\n  headles: true\n",
			want: []string{
				`4: key browser.headles: unknown key, did you mean browser.headless?`,
				`1: key concurrency: 0 is invalid, use 1 or more`,
				`3: key browser.trace: invalid value "always"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, tt.content)

			_, err := Load(path)
			require.Error(t, err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), path+":"+want)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "one line per problem")
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestParseNamesFile(t *testing.T) {
	_, err := Parse("godog.yml", []byte("paths: [features]\nformat: pretty\nconcurrency: 2\nstrict: true\ntarget: embedded\nreports: reports\ntimeouts:\n  step: 3 seconds\n"))

	require.Error(t, err)
	assert.Equal(t, `godog.yml:8: key timeouts.step: invalid duration "3 seconds", use a Go duration like 30s`, err.Error())
}

func TestApplyEnv(t *testing.T) {
	env := map[string]string{
		"MMSPEC_ADMIN_USERNAME":  "sysadmin",
		"MMSPEC_ADMIN_PASSWORD":  "hunter2",
		"MMSPEC_ADMIN_TOKEN":     "tok-1",
		"MMSPEC_TARGET":          "http://127.0.0.1:8065",
		"MMSPEC_TAGS":            "@smoke",
		"MMSPEC_FORMAT":          "progress",
		"MMSPEC_CONCURRENCY":     "3",
		"MMSPEC_REPORTS":         "out",
		"MMSPEC_HEADLESS":        "false",
		"MMSPEC_BROWSER_PATH":    "/opt/chromium",
		"MMSPEC_WS_ENDPOINT":     "ws://127.0.0.1:3000",
		"MMSPEC_TRACE":           "off",
		"PLAYWRIGHT_CLI_PATH":    "/opt/pw/cli.js",
		"PLAYWRIGHT_NODEJS_PATH": "/opt/node",
	}
	cfg := Default()

	require.NoError(t, cfg.ApplyEnv(func(name string) string { return env[name] }))

	assert.Equal(t, Credentials{Username: "sysadmin", Password: "hunter2", Token: "tok-1"}, cfg.Admin)
	assert.Equal(t, "http://127.0.0.1:8065", cfg.Target)
	assert.Equal(t, "@smoke", cfg.Tags)
	assert.Equal(t, "progress", cfg.Format)
	assert.Equal(t, 3, cfg.Concurrency)
	assert.Equal(t, "out", cfg.Reports)
	assert.False(t, cfg.Browser.Headless)
	assert.Equal(t, "/opt/chromium", cfg.Browser.ExecutablePath)
	assert.Equal(t, "ws://127.0.0.1:3000", cfg.Browser.WSEndpoint)
	assert.Equal(t, "off", cfg.Browser.Trace)
	assert.Equal(t, "/opt/pw/cli.js", cfg.Driver.CLIPath)
	assert.Equal(t, "/opt/node", cfg.Driver.NodePath)
	assert.NoError(t, cfg.Validate())
}

func TestApplyEnvEmptyKeepsValues(t *testing.T) {
	cfg := Default()
	cfg.Target = "http://127.0.0.1:8065"

	require.NoError(t, cfg.ApplyEnv(func(string) string { return "" }))
	assert.Equal(t, "http://127.0.0.1:8065", cfg.Target)
}

func TestApplyEnvErrors(t *testing.T) {
	env := map[string]string{"MMSPEC_CONCURRENCY": "many", "MMSPEC_HEADLESS": "sometimes"}
	cfg := Default()

	err := cfg.ApplyEnv(func(name string) string { return env[name] })
	require.Error(t, err)
	assert.Contains(t, err.Error(), `environment variable MMSPEC_CONCURRENCY: invalid integer "many", use a whole number like 2`)
	assert.Contains(t, err.Error(), `environment variable MMSPEC_HEADLESS: invalid boolean "sometimes", use true or false`)
}

func TestEnvVarsDocumented(t *testing.T) {
	for _, env := range EnvVars() {
		assert.NotEmpty(t, env.Usage, env.Name)
		assert.True(t, strings.HasPrefix(env.Name, "MMSPEC_") || strings.HasPrefix(env.Name, "PLAYWRIGHT_"), env.Name)
	}
}

// TestPrecedence checks file < environment < flags.
func TestPrecedence(t *testing.T) {
	path := writeFile(t, `
target: http://127.0.0.1:9001
tags: "@file"
concurrency: 5
format: progress
reports: file-reports
browser:
  headless: false
  executable_path: /file/chromium
  trace: "on"
timeouts:
  step: 10s
  scenario: 1m
  run: 5m
mmlite:
  faults: [from-file]
  latency: 1s
  no_landing: false
  user_menu: "9"
`)
	cfg, err := Load(path)
	require.NoError(t, err)

	env := map[string]string{"MMSPEC_TARGET": "http://127.0.0.1:9002", "MMSPEC_TAGS": "@env", "MMSPEC_ADMIN_TOKEN": "tok"}
	require.NoError(t, cfg.ApplyEnv(func(name string) string { return env[name] }))

	fs := flag.NewFlagSet("mmspec", flag.ContinueOnError)
	BindFlags(fs, &cfg)
	require.NoError(t, fs.Parse([]string{
		"--target", "embedded",
		"--concurrency=1",
		"--format", "pretty,junit:reports/junit.xml",
		"--headless",
		"--browser-path", "/flag/chromium",
		"--reports", "flag-reports",
		"--fault", "wrong-label",
		"--fault", "dead-logout,slow-sessions",
		"--latency", "250ms",
		"--trace", "off",
		"--timeout-step", "20s",
		"--timeout-scenario", "2m",
		"--timeout-run", "10m",
		"--no-landing",
		"--user-menu", "11",
	}))

	assert.Equal(t, "embedded", cfg.Target, "flag wins over environment and file")
	assert.Equal(t, "@env", cfg.Tags, "environment wins over file")
	assert.Equal(t, 1, cfg.Concurrency)
	assert.Equal(t, "pretty,junit:reports/junit.xml", cfg.Format)
	assert.True(t, cfg.Browser.Headless)
	assert.Equal(t, "/flag/chromium", cfg.Browser.ExecutablePath)
	assert.Equal(t, "flag-reports", cfg.Reports)
	assert.Equal(t, []string{"from-file", "wrong-label", "dead-logout", "slow-sessions"}, cfg.Mmlite.Faults)
	assert.Equal(t, 250*time.Millisecond, cfg.Mmlite.Latency)
	assert.Equal(t, "off", cfg.Browser.Trace)
	assert.Equal(t, Timeouts{Step: 20 * time.Second, Scenario: 2 * time.Minute, Run: 10 * time.Minute,
		Action: 15 * time.Second, Assertion: 10 * time.Second}, cfg.Timeouts)
	assert.True(t, cfg.Mmlite.NoLanding)
	assert.Equal(t, "11", cfg.Mmlite.UserMenu)
	assert.NoError(t, cfg.Validate())
}

func TestFlagsKeepValuesWhenUnset(t *testing.T) {
	cfg := Default()
	cfg.Tags = "@file"
	cfg.Mmlite.Faults = []string{"from-file"}

	fs := flag.NewFlagSet("mmspec", flag.ContinueOnError)
	BindFlags(fs, &cfg)
	require.NoError(t, fs.Parse(nil))

	assert.Equal(t, "@file", cfg.Tags)
	assert.Equal(t, []string{"from-file"}, cfg.Mmlite.Faults)
	assert.Equal(t, "from-file", fs.Lookup("fault").DefValue)
	assert.Equal(t, "@file", fs.Lookup("tags").DefValue)
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{name: "bad duration", args: []string{"--timeout-step", "3 seconds"}, wantErr: `invalid value "3 seconds" for flag -timeout-step`},
		{name: "bad integer", args: []string{"--concurrency", "two"}, wantErr: `invalid value "two" for flag -concurrency`},
		{name: "empty fault", args: []string{"--fault", ""}, wantErr: "the fault name is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Default()
			fs := flag.NewFlagSet("mmspec", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			BindFlags(fs, &cfg)

			err := fs.Parse(tt.args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestFlagNamesMatchBindFlags(t *testing.T) {
	cfg := Default()
	fs := flag.NewFlagSet("mmspec", flag.ContinueOnError)
	BindFlags(fs, &cfg)

	for key, name := range flagNames {
		assert.NotNil(t, fs.Lookup(strings.TrimPrefix(name, "--")), "key %s names flag %s", key, name)
	}
	for _, name := range []string{"headless", "browser-path", "no-landing"} {
		assert.NotNil(t, fs.Lookup(name), name)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(c *Config)
		want   []string
	}{
		{
			name:   "concurrency from flag",
			modify: func(c *Config) { c.Concurrency = 0 },
			want:   []string{"key concurrency (flag --concurrency): 0 is invalid, use 1 or more"},
		},
		{
			name:   "scenario shorter than step",
			modify: func(c *Config) { c.Timeouts.Scenario = 30 * time.Second },
			want:   []string{"key timeouts.scenario (flag --timeout-scenario): 30s is shorter than timeouts.step 1m0s, make it at least as long"},
		},
		{
			name:   "run shorter than scenario",
			modify: func(c *Config) { c.Timeouts.Run = time.Minute },
			want:   []string{"key timeouts.run (flag --timeout-run): 1m0s is shorter than timeouts.scenario 3m0s, make it at least as long"},
		},
		{
			name:   "url target without admin",
			modify: func(c *Config) { c.Target = "http://127.0.0.1:8065" },
			want:   []string{"target http://127.0.0.1:8065 needs a Mattermost admin to create users and teams: set MMSPEC_ADMIN_TOKEN, or MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD"},
		},
		{
			name:   "username without password",
			modify: func(c *Config) { c.Admin.Username = "sysadmin" },
			want:   []string{"MMSPEC_ADMIN_PASSWORD is missing: set MMSPEC_ADMIN_TOKEN"},
		},
		{
			name:   "password without username",
			modify: func(c *Config) { c.Admin.Password = "hunter2" },
			want:   []string{"MMSPEC_ADMIN_USERNAME is missing"},
		},
		{
			name: "faults with url target",
			modify: func(c *Config) {
				c.Target = "https://mattermost.example.com"
				c.Admin.Token = "tok"
				c.Mmlite.Faults = []string{"wrong-label"}
				c.Mmlite.Latency = time.Second
			},
			want: []string{
				"key mmlite.faults (flag --fault): faults apply only to the embedded target, remove them or set target to embedded",
				"key mmlite.latency (flag --latency): latency applies only to the embedded target",
			},
		},
		{
			name: "every problem reported",
			modify: func(c *Config) {
				c.Paths = nil
				c.Format = "html"
				c.Target = "ftp://127.0.0.1"
				c.Reports = " "
				c.Timeouts.Action = 0
				c.Browser.Trace = "sometimes"
				c.Browser.SlowMo = -time.Second
				c.Driver.CLIPath = ""
				c.Mmlite.UserMenu = "8"
			},
			want: []string{
				"key paths: is empty",
				`key format (flag --format): unknown formatter "html"`,
				`key target (flag --target): invalid target "ftp://127.0.0.1"`,
				"key reports (flag --reports): is empty, name a folder, e.g. reports",
				"key timeouts.action: 0s is invalid, use a duration above 0 like 15s",
				`key browser.trace (flag --trace): invalid value "sometimes"`,
				"key browser.slow_mo: -1s is invalid, use 0s or a positive duration",
				"key driver.cli_path: is empty, give the path of playwright-core's cli.js",
				`key mmlite.user_menu (flag --user-menu): invalid value "8", use one of 11, 9`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Default()
			tt.modify(&cfg)

			err := cfg.Validate()
			require.Error(t, err)
			for _, want := range tt.want {
				assert.Contains(t, err.Error(), want)
			}
			assert.Len(t, strings.Split(err.Error(), "\n"), len(tt.want), "one line per problem")
			assert.NotContains(t, err.Error(), "hunter2")
		})
	}
}

func TestValidateAcceptsAdminForms(t *testing.T) {
	for name, admin := range map[string]Credentials{
		"token":             {Token: "tok"},
		"username password": {Username: "sysadmin", Password: "hunter2"},
		"token wins":        {Username: "sysadmin", Token: "tok"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := Default()
			cfg.Target = "https://mattermost.example.com/mm"
			cfg.Admin = admin

			assert.NoError(t, cfg.Validate())
		})
	}
}

func TestCredentialsRedacted(t *testing.T) {
	cfg := Default()
	cfg.Admin = Credentials{Username: "sysadmin", Password: "hunter2", Token: "tok-secret"}

	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		t.Run(verb, func(t *testing.T) {
			for _, value := range []any{cfg, &cfg, cfg.Admin} {
				out := fmt.Sprintf(verb, value)
				assert.NotContains(t, out, "hunter2")
				assert.NotContains(t, out, "tok-secret")
			}
		})
	}
	assert.Equal(t, `config.Credentials{Username: "sysadmin", Password: [REDACTED], Token: [REDACTED]}`, cfg.Admin.String())

	for _, handler := range []string{"text", "json"} {
		t.Run("slog "+handler, func(t *testing.T) {
			var buf bytes.Buffer
			var h slog.Handler = slog.NewTextHandler(&buf, nil)
			if handler == "json" {
				h = slog.NewJSONHandler(&buf, nil)
			}
			slog.New(h).Info("config", "admin", cfg.Admin, "config", cfg)

			assert.NotContains(t, buf.String(), "hunter2")
			assert.NotContains(t, buf.String(), "tok-secret")
			assert.Contains(t, buf.String(), "sysadmin")
		})
	}
}

func TestAccessibilityAcceptedRules(t *testing.T) {
	cfg, err := Parse("godog.yml", []byte(`accessibility:
  accepted:
    - rule: aria-dialog-name
      reason: filed as MM-1
`))
	require.NoError(t, err)

	require.Len(t, cfg.Accessibility.Accepted, 1)
	assert.Equal(t, "aria-dialog-name", cfg.Accessibility.Accepted[0].Rule)
	assert.Equal(t, "filed as MM-1", cfg.Accessibility.Accepted[0].Reason)
}

func TestAccessibilityErrorsNameLineAndKey(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"no reason", "accessibility:\n  accepted:\n    - rule: color-contrast\n",
			"godog.yml:3: key accessibility.accepted: rule color-contrast has no reason"},
		{"unknown item key", "accessibility:\n  accepted:\n    - rule: x\n      because: y\n",
			"godog.yml:4: key accessibility.accepted[0].because: unknown key"},
		{"not a list", "accessibility:\n  accepted: color-contrast\n",
			"godog.yml:2: key accessibility.accepted: expected a list of mappings"},
		{"bad impact", "accessibility:\n  min_impact: severe\n", "godog.yml:2: key accessibility.min_impact:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("godog.yml", []byte(tt.yaml))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestLocaleAndTimezoneErrorsNameLineAndKey(t *testing.T) {
	tests := []struct {
		yaml, want string
	}{
		{"browser:\n  locale: \"xx_YY!!\"\n", `godog.yml:2: key browser.locale: "xx_YY!!" is not a language tag`},
		{"browser:\n  timezone_id: Mars/Olympus\n", `godog.yml:2: key browser.timezone_id: "Mars/Olympus" is not an IANA time zone`},
	}
	for _, tt := range tests {
		_, err := Parse("godog.yml", []byte(tt.yaml))
		require.Error(t, err)
		assert.Contains(t, err.Error(), tt.want)
	}
}
