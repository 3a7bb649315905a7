package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cucumber/godog"
)

// check validates the value of one key on its own. Load runs it for the
// keys godog.yml sets, so its error can name the line. Validate runs all.
type check struct {
	key string
	fn  func(c *Config) error
}

var checks = []check{
	{"paths", func(c *Config) error {
		return checkList(c.Paths, true, "list feature files or folders, e.g. [features]")
	}},
	{"tags", func(c *Config) error { return checkTags(c.Tags) }},
	{"format", func(c *Config) error { return checkFormat(c.Format) }},
	{"concurrency", func(c *Config) error {
		if c.Concurrency < 1 {
			return fmt.Errorf("%d is invalid, use 1 or more", c.Concurrency)
		}

		return nil
	}},
	{"target", func(c *Config) error { return checkTarget(c.Target) }},
	{"retries", func(c *Config) error {
		if c.Retries < 0 || c.Retries > 10 {
			return fmt.Errorf("%d is invalid, use 0 to 10", c.Retries)
		}

		return nil
	}},
	{"reports", func(c *Config) error { return checkNotEmpty(c.Reports, "name a folder, e.g. reports") }},
	{"timeouts.step", func(c *Config) error { return checkPositive(c.Timeouts.Step, "60s") }},
	{"timeouts.scenario", func(c *Config) error { return checkPositive(c.Timeouts.Scenario, "3m") }},
	{"timeouts.run", func(c *Config) error { return checkPositive(c.Timeouts.Run, "20m") }},
	{"timeouts.action", func(c *Config) error { return checkPositive(c.Timeouts.Action, "15s") }},
	{"timeouts.assertion", func(c *Config) error { return checkPositive(c.Timeouts.Assertion, "10s") }},
	{"browser.args", func(c *Config) error { return checkArgs(c.Browser.Args) }},
	{"browser.ws_endpoint", func(c *Config) error { return checkWSEndpoint(c.Browser.WSEndpoint) }},
	{"browser.slow_mo", func(c *Config) error { return checkNotNegative(c.Browser.SlowMo) }},
	{"browser.trace", func(c *Config) error {
		return checkOneOf(c.Browser.Trace, TraceOff, TraceOn, TraceRetainOnFailure)
	}},
	{"browser.locale", func(c *Config) error { return checkLocale(c.Browser.Locale) }},
	{"browser.timezone_id", func(c *Config) error { return checkTimezone(c.Browser.TimezoneID) }},
	{"driver.cli_path", func(c *Config) error {
		return checkNotEmpty(c.Driver.CLIPath, "give the path of playwright-core's cli.js")
	}},
	{"mmlite.faults", func(c *Config) error { return checkList(c.Mmlite.Faults, false, "name a fault") }},
	{"mmlite.latency", func(c *Config) error { return checkNotNegative(c.Mmlite.Latency) }},
	{"mmlite.user_menu", func(c *Config) error { return checkOneOf(c.Mmlite.UserMenu, UserMenu11, UserMenu9) }},
	{"accessibility.axe_path", func(c *Config) error {
		return checkNotEmpty(c.Accessibility.AxePath, "give the path of axe-core's axe.min.js")
	}},
	{"accessibility.tags", func(c *Config) error {
		return checkList(c.Accessibility.Tags, true, "list axe-core rule tags, e.g. [wcag2a, wcag2aa]")
	}},
	{"accessibility.min_impact", func(c *Config) error {
		return checkOneOf(c.Accessibility.MinImpact, "minor", "moderate", "serious", "critical")
	}},
	{"accessibility.accepted", func(c *Config) error { return checkAccepted(c.Accessibility.Accepted) }},
}

// localePattern is the shape of a BCP 47 language tag, such as en-US or
// de, which the browser takes as its locale.
var localePattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func checkLocale(locale string) error {
	if locale != "" && !localePattern.MatchString(locale) {
		return fmt.Errorf("%q is not a language tag, use one like en-US or de", locale)
	}
	return nil
}

func checkTimezone(zone string) error {
	if zone == "" {
		return nil
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return fmt.Errorf("%q is not an IANA time zone, use one like UTC or Europe/Berlin", zone)
	}
	return nil
}

// checkAccepted requires a rule id and a reason for each accepted rule, so
// the list records why each exception exists.
func checkAccepted(list []AcceptedRule) error {
	seen := map[string]bool{}
	for i, a := range list {
		switch {
		case strings.TrimSpace(a.Rule) == "":
			return fmt.Errorf("item %d has no rule, name an axe-core rule id such as color-contrast", i+1)
		case strings.TrimSpace(a.Reason) == "":
			return fmt.Errorf("rule %s has no reason, say why it is accepted, e.g. the issue filed for it", a.Rule)
		case seen[a.Rule]:
			return fmt.Errorf("rule %s is listed twice", a.Rule)
		}
		seen[a.Rule] = true
	}
	return nil
}

// flagNames maps keys to the flags that set them, for error messages.
var flagNames = map[string]string{
	"tags":              "--tags",
	"format":            "--format",
	"concurrency":       "--concurrency",
	"target":            "--target",
	"retries":           "--retries",
	"reports":           "--reports",
	"timeouts.step":     "--timeout-step",
	"timeouts.scenario": "--timeout-scenario",
	"timeouts.run":      "--timeout-run",
	"browser.trace":     "--trace",
	"mmlite.faults":     "--fault",
	"mmlite.latency":    "--latency",
	"mmlite.user_menu":  "--user-menu",
}

// Validate checks the final settings, after the file, the environment and
// the flags. It returns every problem found, joined, each naming the
// godog.yml key (and its flag, where one exists) and how to fix it.
func (c Config) Validate() error {
	var errs []error

	for _, ck := range checks {
		if err := ck.fn(&c); err != nil {
			errs = append(errs, keyError(ck.key, err))
		}
	}

	errs = append(errs, c.crossChecks()...)

	return errors.Join(errs...)
}

// crossChecks validates settings that depend on each other or on the
// environment.
func (c Config) crossChecks() []error {
	var errs []error

	t := c.Timeouts
	if t.Step > 0 && t.Scenario > 0 && t.Step > t.Scenario {
		errs = append(errs, keyError("timeouts.scenario",
			fmt.Errorf("%s is shorter than timeouts.step %s, make it at least as long", t.Scenario, t.Step)))
	}
	if t.Scenario > 0 && t.Run > 0 && t.Scenario > t.Run {
		errs = append(errs, keyError("timeouts.run",
			fmt.Errorf("%s is shorter than timeouts.scenario %s, make it at least as long", t.Run, t.Scenario)))
	}

	if !c.IsEmbedded() {
		if len(c.Mmlite.Faults) > 0 {
			errs = append(errs, keyError("mmlite.faults",
				errors.New("faults apply only to the embedded target, remove them or set target to embedded")))
		}
		if c.Mmlite.Latency > 0 {
			errs = append(errs, keyError("mmlite.latency",
				errors.New("latency applies only to the embedded target, remove it or set target to embedded")))
		}
	}

	errs = append(errs, c.checkAdmin()...)

	return errs
}

const adminHelp = "set MMSPEC_ADMIN_TOKEN, or MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD"

func (c Config) checkAdmin() []error {
	a := c.Admin

	switch {
	case a.Token != "":
		return nil
	case a.Username != "" && a.Password == "":
		return []error{errors.New("MMSPEC_ADMIN_PASSWORD is missing: " + adminHelp)}
	case a.Username == "" && a.Password != "":
		return []error{errors.New("MMSPEC_ADMIN_USERNAME is missing: " + adminHelp)}
	case !c.IsEmbedded() && checkTarget(c.Target) == nil && !a.IsSet():
		return []error{fmt.Errorf("target %s needs a Mattermost admin to create users and teams: %s", c.Target, adminHelp)}
	}

	return nil
}

// keyError prefixes err with the key and its flag.
func keyError(key string, err error) error {
	if flag, ok := flagNames[key]; ok {
		return fmt.Errorf("key %s (flag %s): %w", key, flag, err)
	}

	return fmt.Errorf("key %s: %w", key, err)
}

func checkNotEmpty(value, fix string) error {
	if strings.TrimSpace(value) == "" {
		return errors.New("is empty, " + fix)
	}

	return nil
}

func checkList(items []string, required bool, fix string) error {
	if required && len(items) == 0 {
		return errors.New("is empty, " + fix)
	}

	for i, item := range items {
		if strings.TrimSpace(item) == "" {
			return fmt.Errorf("item %d is empty, %s", i+1, fix)
		}
	}

	return nil
}

func checkPositive(d time.Duration, example string) error {
	if d <= 0 {
		return fmt.Errorf("%s is invalid, use a duration above 0 like %s", d, example)
	}

	return nil
}

func checkNotNegative(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("%s is invalid, use 0s or a positive duration", d)
	}

	return nil
}

func checkOneOf(value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}

	return fmt.Errorf("invalid value %q, use one of %s", value, strings.Join(allowed, ", "))
}

// checkTarget accepts TargetEmbedded or an http(s) URL with a host.
func checkTarget(target string) error {
	if target == TargetEmbedded {
		return nil
	}

	fix := `use "embedded" or the http(s) URL of a Mattermost server, e.g. https://mattermost.example.com`

	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("invalid target %q, %s", redactURL(target), fix)
	}
	if u.User != nil {
		return fmt.Errorf("invalid target %q: remove the user info, admin credentials come from MMSPEC_ADMIN_* environment variables",
			u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("invalid target %q: remove the query and fragment", target)
	}

	return nil
}

// redactURL hides a password in a URL that may not parse.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	if at := strings.LastIndex(raw, "@"); at >= 0 {
		return "[REDACTED]" + raw[at:]
	}

	return raw
}

func checkWSEndpoint(endpoint string) error {
	if endpoint == "" {
		return nil
	}

	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
		return fmt.Errorf("invalid endpoint %q, use a ws:// or wss:// URL of a Playwright browser server, or leave it empty to launch a browser",
			redactURL(endpoint))
	}

	return nil
}

func checkArgs(args []string) error {
	for i, arg := range args {
		if !strings.HasPrefix(arg, "-") {
			return fmt.Errorf("item %d %q is not a switch, write it like --disable-gpu", i+1, arg)
		}
	}

	return nil
}

// checkFormat accepts what godog accepts: a comma-separated list of
// formatter names, each optionally followed by ":<file path>". godog does
// not trim spaces around the names.
func checkFormat(format string) error {
	if format == "" {
		return errors.New(`is empty, use a formatter such as "pretty"`)
	}

	available := godog.AvailableFormatters()
	names := make([]string, 0, len(available))
	for name := range available {
		names = append(names, name)
	}
	sort.Strings(names)

	for item := range strings.SplitSeq(format, ",") {
		name, path, hasPath := strings.Cut(item, ":")
		switch {
		case name != strings.TrimSpace(name) || path != strings.TrimSpace(path):
			return fmt.Errorf("%q has spaces around %q, remove them", format, item)
		case name == "":
			return fmt.Errorf("%q has an empty formatter name, e.g. a doubled comma", format)
		case hasPath && path == "":
			return fmt.Errorf("%q has no file path after %q, write it like junit:reports/junit.xml", format, name+":")
		}
		if _, ok := available[name]; !ok {
			return fmt.Errorf("unknown formatter %q, use %s, each optionally with :<file>", name, strings.Join(names, ", "))
		}
	}

	return nil
}

// checkTags accepts godog's tag filter syntax: "," between alternatives,
// "&&" between tags that must all match, and "~" before a tag to exclude.
// godog panics on an empty term such as a trailing comma.
func checkTags(tags string) error {
	if tags == "" {
		return nil
	}

	fix := `use godog's syntax, e.g. "@MM-T2088 && ~@slow" ("&&" and, "," or, "~" not)`

	for alternative := range strings.SplitSeq(tags, ",") {
		for term := range strings.SplitSeq(alternative, "&&") {
			term = strings.TrimPrefix(strings.TrimSpace(term), "~")
			if term == "" || !strings.HasPrefix(term, "@") || len(term) == 1 || strings.ContainsAny(term, " \t~") {
				return fmt.Errorf("invalid tag expression %q, %s", tags, fix)
			}
		}
	}

	return nil
}
