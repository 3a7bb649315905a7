package steps

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cucumber/godog"
	"github.com/mxschmitt/playwright-go"

	"mmspec/support/browser"
)

// Trace modes, as godog.yml's browser.trace spells them.
const (
	traceOff             = "off"
	traceOn              = "on"
	traceRetainOnFailure = "retain-on-failure"
)

// startTrace records a Playwright trace of the scenario's context, with
// screenshots and DOM snapshots, unless traces are off.
func (st *scenario) startTrace() error {
	if st.suite.Trace == "" || st.suite.Trace == traceOff {
		return nil
	}
	err := st.context.Tracing().Start(playwright.TracingStartOptions{
		Name:        playwright.String(slug(st.scenarioName)),
		Title:       playwright.String(st.scenarioName),
		Screenshots: playwright.Bool(true),
		Snapshots:   playwright.Bool(true),
	})
	if err != nil {
		return fmt.Errorf("start the Playwright trace: %w", err)
	}
	st.tracing = true
	return nil
}

// collectEvidence runs after a scenario: on a failure it attaches a
// screenshot of the page, and it keeps the trace when the trace mode requires it,
// with every secret the scenario used redacted. The attachments land on the
// scenario's last step in the Cucumber JSON report.
func (st *scenario) collectEvidence(ctx context.Context, failed bool) context.Context {
	if st.page != nil && failed {
		png := st.limits.lastScreenshot()
		var err error
		if png == nil {
			png, err = st.page.Screenshot(playwright.PageScreenshotOptions{
				FullPage: playwright.Bool(true),
				Timeout:  playwright.Float(float64(st.timeouts().Action.Milliseconds())),
			})
		}
		if err == nil {
			name := fmt.Sprintf("failure-%s.png", slug(st.client.Name))
			ctx = godog.Attach(ctx, godog.Attachment{FileName: name, MediaType: "image/png", Body: png})
			if path, err := st.saveScreenshot(png); err == nil {
				note := fmt.Sprintf("screenshot of the page when the scenario failed: %s\n", path)
				ctx = godog.Attach(ctx, godog.Attachment{FileName: "screenshot.txt", MediaType: "text/plain",
					Body: []byte(note)})
			} else {
				st.suite.Log.Warn("save the failure screenshot", "scenario", st.scenarioName, "err", err)
			}
		} else {
			st.suite.Log.Warn("screenshot after failure", "scenario", st.scenarioName, "err", err)
		}
	}
	if !st.tracing || st.context == nil {
		return ctx
	}
	st.tracing = false
	keep := st.suite.Trace == traceOn || (st.suite.Trace == traceRetainOnFailure && failed)
	if !keep {
		if err := st.context.Tracing().Stop(); err != nil {
			st.suite.Log.Warn("discard the Playwright trace", "scenario", st.scenarioName, "err", err)
		}
		return ctx
	}

	path, err := st.saveTrace()
	if err != nil {
		st.suite.Log.Error("save the Playwright trace", "scenario", st.scenarioName, "err", err)
		return ctx
	}
	note := fmt.Sprintf("trace: %s\nopen it with: node %s show-trace %s\n", path, st.suite.DriverCLI, path)
	st.suite.Log.Info("trace saved", "scenario", st.scenarioName, "path", path)
	return godog.Attach(ctx, godog.Attachment{FileName: "trace.txt", MediaType: "text/plain", Body: []byte(note)})
}

// saveScreenshot writes a failure screenshot to the reports folder, so the
// JUnit report, which cannot embed images, can name its file.
func (st *scenario) saveScreenshot(png []byte) (string, error) {
	dir := filepath.Join(st.suite.ReportsDir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%s.png", slug(st.scenarioName), st.suite.RunID))
	return path, os.WriteFile(path, png, 0o644)
}

func (st *scenario) saveTrace() (string, error) {
	dir := filepath.Join(st.suite.ReportsDir, "traces")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-%s.zip", slug(st.scenarioName), st.suite.RunID))
	secrets := st.secrets()
	if err := st.context.Tracing().Stop(path); err != nil {
		return "", err
	}
	if err := browser.RedactZip(path, secrets); err != nil {
		os.Remove(path)
		return "", fmt.Errorf("redact secrets, so the trace was removed: %w", err)
	}
	return path, nil
}

// secrets lists what must not reach a file: the user's password, the
// session cookies the browser holds, and the run's own secrets.
func (st *scenario) secrets() []string {
	list := append([]string{st.user.Password}, st.suite.Secrets...)
	if st.context != nil {
		if cookies, err := st.context.Cookies(); err == nil {
			for _, c := range cookies {
				list = append(list, c.Value)
			}
		}
	}
	return append(list, st.tokens...)
}
