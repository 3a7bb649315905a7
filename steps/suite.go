// Package steps holds the step definitions of the mmspec features: each step
// turns a Gherkin phrase into calls on the page objects of support/pages and
// the REST client of support/mattermost.
package steps

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"mmspec/support/a11y"
	"mmspec/support/browser"
	"mmspec/support/clients"
	"mmspec/support/mattermost"
	"mmspec/support/pages"
)

// Suite is the state that every scenario of a run shares: the browser, the target
// server with its admin client, the team the run created and the client
// catalogue. Each scenario gets its own user and browser context.
type Suite struct {
	Browser   *browser.Browser
	Admin     *mattermost.Client
	BaseURL   string
	Team      *mattermost.Team
	Catalogue *clients.Catalogue
	// RunID prefixes the names of everything the run creates on the
	// target, so that cleanup finds them.
	RunID      string
	Timeouts   pages.Timeouts
	APITimeout time.Duration
	// StepTimeout and ScenarioTimeout bound each step and each scenario.
	StepTimeout     time.Duration
	ScenarioTimeout time.Duration
	// Stopped is done when the run is interrupted or out of time; no step
	// starts after that.
	Stopped    context.Context
	Locale     string
	TimezoneID string
	Log        *slog.Logger
	// Trace is off, on or retain-on-failure; traces go to ReportsDir/traces.
	Trace      string
	ReportsDir string
	// DriverCLI is playwright-core's cli.js, named in the hint on how to
	// open a trace.
	DriverCLI string
	// Secrets are the run's own secrets, such as the admin's password and
	// token, redacted from every trace.
	Secrets []string
	// Progress reports each scenario's start and end; nil prints nothing.
	Progress *Progress
	// Audit and AuditOptions run the accessibility audit step.
	Audit        *a11y.Engine
	AuditOptions a11y.Options

	users   sync.Map // user id -> username, for cleanup
	counter atomic.Int64
	active  sync.Map // *scenario -> struct{}, the scenarios running now
}

// StopAll ends every running scenario's wait on the page, with reason as
// the failure of the step it was in: each page is screenshotted and closed,
// and the browser contexts stay open, so traces can still be saved.
func (s *Suite) StopAll(reason string) {
	s.active.Range(func(key, _ any) bool {
		st := key.(*scenario)
		go st.limits.expire(reason, st.abort)
		return true
	})
}

// NewRunID returns a short random id that names a run's users and team.
func NewRunID() string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random run id: %v", err))
	}
	return hex.EncodeToString(b)
}

// newPassword returns a random password that meets Mattermost's default
// password rules.
func newPassword() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("read random password: %v", err))
	}
	return "Mm1-" + hex.EncodeToString(b)
}

// testUser is a user that one scenario created and signs in as.
type testUser struct {
	ID       string
	Username string
	Password string
}

// newUser creates a user on the target, adds it to the run's team and
// remembers it for cleanup.
func (s *Suite) newUser(ctx context.Context) (testUser, error) {
	n := s.counter.Add(1)
	u := testUser{
		Username: fmt.Sprintf("mmspec-%s-%d", s.RunID, n),
		Password: newPassword(),
	}
	ctx, cancel := context.WithTimeout(ctx, s.APITimeout)
	defer cancel()

	created, err := s.Admin.CreateUser(ctx, mattermost.CreateUser{
		Email:    u.Username + "@mmspec.invalid",
		Username: u.Username,
		Password: u.Password,
	})
	if err != nil {
		return u, fmt.Errorf("create the test user %s: %w", u.Username, err)
	}
	u.ID = created.ID
	s.users.Store(u.ID, u.Username)
	if err := s.Admin.AddTeamMember(ctx, s.Team.ID, u.ID); err != nil {
		return u, fmt.Errorf("add the test user %s to team %s: %w", u.Username, s.Team.Name, err)
	}
	return u, nil
}

// Cleanup deletes the users the run created (deactivates them where the
// server does not allow deletion). It returns the first error and logs
// every one.
func (s *Suite) Cleanup(ctx context.Context) error {
	var first error
	s.users.Range(func(key, value any) bool {
		id, name := key.(string), value.(string)
		cctx, cancel := context.WithTimeout(ctx, s.APITimeout)
		defer cancel()
		err := s.Admin.DeleteUser(cctx, id)
		if err != nil {
			s.Log.Debug("permanent delete rejected, deactivating instead", "user", name, "err", err)
			err = s.Admin.DeactivateUser(cctx, id)
		}
		if err != nil {
			s.Log.Error("remove test user", "user", name, "err", err)
			if first == nil {
				first = fmt.Errorf("remove test user %s: %w", name, err)
			}
			return true
		}
		s.users.Delete(id)
		return true
	})
	return first
}
