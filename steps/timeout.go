package steps

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cucumber/godog"
)

// watchdog bounds a scenario and each of its steps. Playwright calls take
// no context, so when a limit passes the watchdog closes the scenario's
// browser context: the pending call then fails at once, and the step
// reports the limit instead of that call's error.
type watchdog struct {
	mu      sync.Mutex
	expired string // the reason of the first limit that passed, or ""
	timer   *time.Timer
	// screenshot is the page as it was when the limit passed.
	screenshot []byte
}

func (w *watchdog) setScreenshot(png []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.screenshot = png
}

func (w *watchdog) lastScreenshot() []byte {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.screenshot
}

func (w *watchdog) expire(what string, stop func()) {
	w.mu.Lock()
	if w.expired != "" {
		w.mu.Unlock()
		return
	}
	w.expired = what
	w.mu.Unlock()
	stop()
}

func (w *watchdog) reason() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.expired
}

// startScenario arms the scenario's limit.
func (w *watchdog) startScenario(limit time.Duration, stop func()) {
	if limit <= 0 {
		return
	}
	w.timer = time.AfterFunc(limit, func() {
		w.expire(fmt.Sprintf("the scenario timed out after %s (timeouts.scenario)", limit), stop)
	})
}

func (w *watchdog) stopScenario() {
	if w.timer != nil {
		w.timer.Stop()
	}
}

// beforeStep refuses to start a step once a limit has passed or the run
// was stopped, and arms the step's limit.
func (st *scenario) beforeStep(ctx context.Context, _ *godog.Step) (context.Context, error) {
	if st.stepFailed {
		return ctx, nil // godog skips the steps after a failure by itself
	}
	if err := st.stopReason(); err != nil {
		return ctx, err
	}
	if limit := st.suite.StepTimeout; limit > 0 {
		st.stepTimer = time.AfterFunc(limit, func() {
			st.limits.expire(fmt.Sprintf("the step timed out after %s (timeouts.step)", limit), st.abort)
		})
	}
	return ctx, nil
}

// afterStep disarms the step's limit. When a limit passed during the step,
// its reason leads the step's error, which godog joins after it.
func (st *scenario) afterStep(ctx context.Context, _ *godog.Step, _ godog.StepResultStatus,
	err error) (context.Context, error) {
	if err != nil {
		st.stepFailed = true
	}
	if st.stepTimer != nil {
		st.stepTimer.Stop()
		st.stepTimer = nil
	}
	if reason := st.limits.reason(); reason != "" && err != nil && !errors.Is(err, errStopped) {
		return ctx, errors.New(reason)
	}
	return ctx, nil
}

// errStopped marks the error of a step that did not start.
var errStopped = errors.New("the step did not run")

// stopReason returns why no step may start: the scenario or a step timed out,
// or the run was stopped.
func (st *scenario) stopReason() error {
	if reason := st.limits.reason(); reason != "" {
		return fmt.Errorf("%s, so %w", reason, errStopped)
	}
	if st.suite.Stopped != nil && st.suite.Stopped.Err() != nil {
		// A failure, not a skip: godog counts a scenario whose steps were
		// all skipped as passed.
		return fmt.Errorf("the run was stopped (%v), so %w", context.Cause(st.suite.Stopped), errStopped)
	}
	return nil
}
