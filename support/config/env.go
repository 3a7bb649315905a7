package config

import (
	"errors"
	"fmt"
	"strconv"
)

// EnvVar is an environment variable that ApplyEnv reads.
type EnvVar struct {
	Name  string // e.g. MMSPEC_TARGET
	Key   string // the godog.yml key it overrides, empty for credentials
	Usage string
	apply func(c *Config, value string) error
}

// EnvVars lists the environment variables ApplyEnv reads, for help text.
func EnvVars() []EnvVar {
	return []EnvVar{
		{"MMSPEC_ADMIN_USERNAME", "", "Mattermost admin username, for a URL target",
			setString(func(c *Config) *string { return &c.Admin.Username })},
		{"MMSPEC_ADMIN_PASSWORD", "", "Mattermost admin password, for a URL target",
			setString(func(c *Config) *string { return &c.Admin.Password })},
		{"MMSPEC_ADMIN_TOKEN", "", "Mattermost admin access token, used instead of username and password",
			setString(func(c *Config) *string { return &c.Admin.Token })},
		{"MMSPEC_TARGET", "target", `"embedded" or the URL of a Mattermost server`,
			setString(func(c *Config) *string { return &c.Target })},
		{"MMSPEC_TAGS", "tags", "godog tag expression",
			setString(func(c *Config) *string { return &c.Tags })},
		{"MMSPEC_FORMAT", "format", "godog formatters",
			setString(func(c *Config) *string { return &c.Format })},
		{"MMSPEC_CONCURRENCY", "concurrency", "number of scenarios run in parallel",
			setInt(func(c *Config) *int { return &c.Concurrency })},
		{"MMSPEC_REPORTS", "reports", "folder for reports",
			setString(func(c *Config) *string { return &c.Reports })},
		{"MMSPEC_HEADLESS", "browser.headless", "true or false",
			setBool(func(c *Config) *bool { return &c.Browser.Headless })},
		{"MMSPEC_BROWSER_PATH", "browser.executable_path", "browser binary",
			setString(func(c *Config) *string { return &c.Browser.ExecutablePath })},
		{"MMSPEC_WS_ENDPOINT", "browser.ws_endpoint", "remote Playwright browser server",
			setString(func(c *Config) *string { return &c.Browser.WSEndpoint })},
		{"MMSPEC_TRACE", "browser.trace", "off, on or retain-on-failure",
			setString(func(c *Config) *string { return &c.Browser.Trace })},
		{"PLAYWRIGHT_CLI_PATH", "driver.cli_path", "playwright-core's cli.js",
			setString(func(c *Config) *string { return &c.Driver.CLIPath })},
		{"PLAYWRIGHT_NODEJS_PATH", "driver.node_path", "Node.js binary",
			setString(func(c *Config) *string { return &c.Driver.NodePath })},
	}
}

// ApplyEnv overrides settings with the environment variables EnvVars lists.
// An empty variable counts as unset. Pass os.Getenv, or a map lookup in
// tests. The error names each variable with an invalid value.
func (c *Config) ApplyEnv(getenv func(string) string) error {
	var errs []error

	for _, env := range EnvVars() {
		value := getenv(env.Name)
		if value == "" {
			continue
		}
		if err := env.apply(c, value); err != nil {
			errs = append(errs, fmt.Errorf("environment variable %s: %w", env.Name, err))
		}
	}

	return errors.Join(errs...)
}

func setString(field func(c *Config) *string) func(*Config, string) error {
	return func(c *Config, value string) error {
		*field(c) = value

		return nil
	}
}

func setInt(field func(c *Config) *int) func(*Config, string) error {
	return func(c *Config, value string) error {
		n, err := strconv.Atoi(value)
		if err != nil {
			return fmt.Errorf("invalid integer %q, use a whole number like 2", value)
		}
		*field(c) = n

		return nil
	}
}

func setBool(field func(c *Config) *bool) func(*Config, string) error {
	return func(c *Config, value string) error {
		b, err := strconv.ParseBool(value)
		if err != nil {
			return fmt.Errorf("invalid boolean %q, use true or false", value)
		}
		*field(c) = b

		return nil
	}
}
