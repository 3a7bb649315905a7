package config

import (
	"errors"
	"flag"
	"strings"
)

// BindFlags defines the runner's flags on fs, each writing into c. Call it
// after Load and ApplyEnv, so the flags' defaults show the settings in
// effect, then call fs.Parse: a flag given on the command line wins over
// the file and the environment. The --config flag belongs to the caller,
// which must read it before loading.
//
// --fault is repeatable and adds to the faults from the file; it also
// takes a comma-separated list.
func BindFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.Target, "target", c.Target, `where the spec runs: "embedded" (the built-in stand-in) or a Mattermost URL`)
	fs.StringVar(&c.Tags, "tags", c.Tags, `run only scenarios matching this godog tag expression, e.g. "@MM-T2088 && ~@slow"`)
	fs.IntVar(&c.Concurrency, "concurrency", c.Concurrency, "number of scenarios run in parallel")
	fs.IntVar(&c.Retries, "retries", c.Retries, "run a failed scenario again up to this many times; one that then passes is reported as flaky")
	fs.BoolVar(&c.FailOnFlaky, "fail-on-flaky", c.FailOnFlaky, "fail the run when a scenario passed only on a retry")
	fs.StringVar(&c.Format, "format", c.Format, `godog formatters, comma-separated, each optionally with ":<file>", e.g. "pretty,junit:reports/junit.xml"`)
	fs.BoolVar(&c.Browser.Headless, "headless", c.Browser.Headless, "run the browser without a window; --headless=false shows it")
	fs.StringVar(&c.Browser.ExecutablePath, "browser-path", c.Browser.ExecutablePath, "browser binary; empty looks for a system Chromium")
	fs.StringVar(&c.Browser.WSEndpoint, "browser-ws", c.Browser.WSEndpoint, "ws:// URL of a remote Playwright browser server (run-server, browserless, Moon) to use instead of launching a browser")
	fs.StringVar(&c.Reports, "reports", c.Reports, "folder for report files, screenshots and traces")
	fs.Var(&faultList{faults: &c.Mmlite.Faults}, "fault", "inject a fault into the embedded stand-in; repeat the flag for several")
	fs.DurationVar(&c.Mmlite.Latency, "latency", c.Mmlite.Latency, "delay the embedded stand-in adds to every API response, e.g. 200ms")
	fs.StringVar(&c.Browser.Trace, "trace", c.Browser.Trace, "Playwright traces: off, on or retain-on-failure")
	fs.DurationVar(&c.Timeouts.Step, "timeout-step", c.Timeouts.Step, "maximum duration of one step")
	fs.DurationVar(&c.Timeouts.Scenario, "timeout-scenario", c.Timeouts.Scenario, "maximum duration of one scenario")
	fs.DurationVar(&c.Timeouts.Run, "timeout-run", c.Timeouts.Run, "maximum duration of the whole run")
	fs.DurationVar(&c.Timeouts.Action, "timeout-action", c.Timeouts.Action, "maximum wait for one browser action or API call, such as a click")
	fs.BoolVar(&c.Mmlite.NoLanding, "no-landing", c.Mmlite.NoLanding, `make the embedded stand-in skip the "View in Browser" landing page`)
	fs.StringVar(&c.Mmlite.UserMenu, "user-menu", c.Mmlite.UserMenu, `user menu the embedded stand-in imitates: "11" (Mattermost 10 and later) or "9" (9.x)`)
}

// faultList is a flag.Value that appends each use to a list.
type faultList struct {
	faults *[]string
}

func (f *faultList) String() string {
	if f == nil || f.faults == nil {
		return ""
	}

	return strings.Join(*f.faults, ",")
}

func (f *faultList) Set(value string) error {
	added := 0
	for fault := range strings.SplitSeq(value, ",") {
		if fault = strings.TrimSpace(fault); fault != "" {
			*f.faults = append(*f.faults, fault)
			added++
		}
	}
	if added == 0 {
		return errors.New("the fault name is empty")
	}

	return nil
}
