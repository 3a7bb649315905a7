package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"mmspec/support/config"
	"mmspec/support/mattermost"
)

// preflight checks the target before any browser starts: that it responds
// as a Mattermost server, that the admin credentials work, that the account
// is a system admin, and that it may create users. Each failure is one
// message that names the fix.
type preflight struct {
	url   string
	admin config.Credentials
	// embedded marks the built-in target, whose credentials the runner
	// made itself.
	embedded bool
}

// preflightResult is the outcome of a passed preflight.
type preflightResult struct {
	admin   *mattermost.Client
	version string
	// token is the admin's session token, a secret to redact.
	token string
}

func (p preflight) run(ctx context.Context, runID string) (preflightResult, error) {
	c, err := mattermost.New(p.url)
	if err != nil {
		return preflightResult{}, fmt.Errorf("invalid target URL: %w", err)
	}
	ping, err := c.Ping(ctx)
	if err != nil {
		return preflightResult{}, p.pingError(err)
	}

	admin, err := p.signIn(ctx, c)
	if err != nil {
		return preflightResult{}, err
	}
	me, err := admin.Me(ctx)
	if err != nil {
		return preflightResult{}, p.credentialError(err)
	}
	if !slices.Contains(strings.Fields(me.Roles), "system_admin") {
		return preflightResult{}, fmt.Errorf("the account %q on %s is not a system admin (its roles are %q); "+
			"mmspec needs a system admin to create test users and a team", me.Username, p.url, me.Roles)
	}
	if err := p.probeUserCreation(ctx, admin, runID); err != nil {
		return preflightResult{}, err
	}
	return preflightResult{admin: admin, version: ping.Version, token: admin.Token()}, nil
}

// signInAdmin pings the target and signs the admin in, without the checks
// a run needs beyond that.
func (p preflight) signInAdmin(ctx context.Context) (*mattermost.Client, error) {
	c, err := mattermost.New(p.url)
	if err != nil {
		return nil, fmt.Errorf("invalid target URL: %w", err)
	}
	if _, err := c.Ping(ctx); err != nil {
		return nil, p.pingError(err)
	}
	admin, err := p.signIn(ctx, c)
	if err != nil {
		return nil, err
	}
	if _, err := admin.Me(ctx); err != nil {
		return nil, p.credentialError(err)
	}
	return admin, nil
}

func (p preflight) pingError(err error) error {
	var apiErr *mattermost.Error
	switch {
	case mattermost.IsTLSError(err):
		return fmt.Errorf("TLS with %s failed: %w; check the server's certificate, or use http:// for a "+
			"server without TLS", p.url, err)
	case errors.As(err, &apiErr):
		return fmt.Errorf("%s does not respond as a Mattermost server (GET /api/v4/system/ping: %d %s); "+
			"check the URL", p.url, apiErr.StatusCode, http.StatusText(apiErr.StatusCode))
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s did not respond to GET /api/v4/system/ping in time; check that the server runs "+
			"and the URL is right", p.url)
	default:
		return fmt.Errorf("cannot reach %s: %w; check the URL and that the server runs", p.url, err)
	}
}

func (p preflight) signIn(ctx context.Context, c *mattermost.Client) (*mattermost.Client, error) {
	if p.admin.Token != "" {
		return c.WithToken(p.admin.Token), nil
	}
	login, err := c.Login(ctx, mattermost.LoginRequest{LoginID: p.admin.Username, Password: p.admin.Password})
	if err != nil {
		return nil, p.credentialError(err)
	}
	return c.WithToken(login.Token), nil
}

func (p preflight) credentialError(err error) error {
	source := "MMSPEC_ADMIN_USERNAME and MMSPEC_ADMIN_PASSWORD"
	if p.admin.Token != "" {
		source = "MMSPEC_ADMIN_TOKEN"
	}
	if p.embedded {
		source = "the embedded target's admin"
	}
	if mattermost.IsStatus(err, http.StatusUnauthorized) {
		return fmt.Errorf("%s rejected the admin credentials from %s: %w", p.url, source, err)
	}
	return fmt.Errorf("sign in to %s with the admin credentials from %s: %w", p.url, source, err)
}

// probeUserCreation creates and deletes a user, because a server can turn
// user creation off even for admins and every scenario needs a user of its
// own.
func (p preflight) probeUserCreation(ctx context.Context, admin *mattermost.Client, runID string) error {
	name := "mmspec-" + runID + "-probe"
	user, err := admin.CreateUser(ctx, mattermost.CreateUser{
		Email:    name + "@mmspec.invalid",
		Username: name,
		Password: randomSecret() + "-Aa1",
	})
	if err != nil {
		return fmt.Errorf("%s does not let the admin create users: %w; allow account creation "+
			"(System Console > Signup > Enable Account Creation) for the test users", p.url, err)
	}
	if err := admin.DeleteUser(ctx, user.ID); err != nil {
		if err := admin.DeactivateUser(ctx, user.ID); err != nil {
			return fmt.Errorf("remove the probe user %s from %s: %w", name, p.url, err)
		}
	}
	return nil
}
