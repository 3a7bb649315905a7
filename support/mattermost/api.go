package mattermost

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// MaxPerPage is the largest page size Mattermost accepts for lists.
const MaxPerPage = 200

// maxPages bounds the paging loops of UsersWithPrefix and TeamsWithPrefix,
// which stop at the first short page. 500 pages of 200 cover 100,000 items.
const maxPages = 500

// Ping checks the server's health with GET /system/ping.
func (c *Client) Ping(ctx context.Context) (PingInfo, error) {
	var body struct {
		Status string `json:"status"`
	}

	resp, _, err := c.do(ctx, request{method: http.MethodGet, path: "/system/ping", out: &body})
	if err != nil {
		return PingInfo{}, err
	}

	versionID := resp.Header.Get("X-Version-Id")

	return PingInfo{Status: body.Status, Version: versionFromID(versionID), VersionID: versionID}, nil
}

// versionFromID returns the first three dot-separated parts of an
// X-Version-Id header such as "9.11.2.9.11.2.<hash>.false".
func versionFromID(versionID string) string {
	parts := strings.SplitN(versionID, ".", 4)
	if len(parts) < 3 {
		return versionID
	}

	return strings.Join(parts[:3], ".")
}

// Login logs in with POST /users/login and returns the user, the session
// token and the cookies the server set. It sends no Authorization header,
// even when the client has a token.
func (c *Client) Login(ctx context.Context, in LoginRequest) (*Login, error) {
	body := map[string]string{"login_id": in.LoginID, "password": in.Password}
	if in.DeviceID != "" {
		body["device_id"] = in.DeviceID
	}

	header := http.Header{}
	if in.UserAgent != "" {
		header.Set("User-Agent", in.UserAgent)
	}
	if in.XHR {
		header.Set("X-Requested-With", "XMLHttpRequest")
	}

	var user User
	resp, _, err := c.do(ctx, request{
		method:  http.MethodPost,
		path:    "/users/login",
		body:    body,
		out:     &user,
		noAuth:  true,
		header:  header,
		secrets: []string{in.Password},
	})
	if err != nil {
		return nil, err
	}

	token := resp.Header.Get("Token")
	if token == "" {
		return nil, fmt.Errorf("POST %s%s/users/login: the response has no Token header", c.baseURL, APIPath)
	}

	login := &Login{User: user, Token: token}
	if cookies := resp.Cookies(); len(cookies) > 0 {
		login.Cookies = cookies
	}

	return login, nil
}

// Me returns the user of the client's token with GET /users/me.
func (c *Client) Me(ctx context.Context) (*User, error) {
	var user User
	if _, _, err := c.do(ctx, request{method: http.MethodGet, path: "/users/me", out: &user}); err != nil {
		return nil, err
	}

	return &user, nil
}

// AttachDevice stores deviceID on the client's session with
// PUT /users/sessions/device, as the mobile apps do after login.
func (c *Client) AttachDevice(ctx context.Context, deviceID string) error {
	if deviceID == "" {
		return errors.New("mattermost: attach device: the device id is empty")
	}

	_, _, err := c.do(ctx, request{
		method: http.MethodPut,
		path:   "/users/sessions/device",
		body:   map[string]string{"device_id": deviceID},
	})

	return err
}

// CreateUser creates a user with POST /users. It needs an admin token
// unless the server allows open sign-up.
func (c *Client) CreateUser(ctx context.Context, in CreateUser) (*User, error) {
	var user User
	_, _, err := c.do(ctx, request{
		method:  http.MethodPost,
		path:    "/users",
		body:    in,
		out:     &user,
		secrets: []string{in.Password},
	})
	if err != nil {
		return nil, err
	}

	return &user, nil
}

// User returns the user with the id.
func (c *Client) User(ctx context.Context, userID string) (*User, error) {
	path, err := idPath("user", "/users/%s", userID)
	if err != nil {
		return nil, err
	}

	var user User
	if _, _, err := c.do(ctx, request{method: http.MethodGet, path: path, out: &user}); err != nil {
		return nil, err
	}

	return &user, nil
}

// DeactivateUser deactivates a user with DELETE /users/{user_id}. Unlike
// DeleteUser, the account stays and can be reactivated.
func (c *Client) DeactivateUser(ctx context.Context, userID string) error {
	path, err := idPath("user", "/users/%s", userID)
	if err != nil {
		return err
	}

	_, _, err = c.do(ctx, request{method: http.MethodDelete, path: path})

	return err
}

// DeleteUser deletes a user for good with DELETE /users/{user_id}?permanent=true.
// Mattermost allows it only with ServiceSettings.EnableAPIUserDeletion on.
func (c *Client) DeleteUser(ctx context.Context, userID string) error {
	path, err := idPath("user", "/users/%s", userID)
	if err != nil {
		return err
	}

	_, _, err = c.do(ctx, request{
		method: http.MethodDelete,
		path:   path,
		query:  url.Values{"permanent": {"true"}},
	})

	return err
}

// CreateTeam creates an open team (type "O") with POST /teams. The name is
// the team's URL name: lower-case letters, digits and dashes.
func (c *Client) CreateTeam(ctx context.Context, name, displayName string) (*Team, error) {
	var team Team
	_, _, err := c.do(ctx, request{
		method: http.MethodPost,
		path:   "/teams",
		body:   map[string]string{"name": name, "display_name": displayName, "type": "O"},
		out:    &team,
	})
	if err != nil {
		return nil, err
	}

	return &team, nil
}

// ArchiveTeam archives a team with DELETE /teams/{team_id}.
func (c *Client) ArchiveTeam(ctx context.Context, teamID string) error {
	path, err := idPath("team", "/teams/%s", teamID)
	if err != nil {
		return err
	}

	_, _, err = c.do(ctx, request{method: http.MethodDelete, path: path})

	return err
}

// AddTeamMember adds a user to a team with POST /teams/{team_id}/members.
func (c *Client) AddTeamMember(ctx context.Context, teamID, userID string) error {
	path, err := idPath("team", "/teams/%s/members", teamID)
	if err != nil {
		return err
	}
	if userID == "" {
		return errors.New("mattermost: add team member: the user id is empty")
	}

	_, _, err = c.do(ctx, request{
		method: http.MethodPost,
		path:   path,
		body:   map[string]string{"team_id": teamID, "user_id": userID},
	})

	return err
}

// Sessions lists a user's sessions with GET /users/{user_id}/sessions, in
// the server's order, which is not guaranteed to be newest first.
func (c *Client) Sessions(ctx context.Context, userID string) ([]Session, error) {
	path, err := idPath("user", "/users/%s/sessions", userID)
	if err != nil {
		return nil, err
	}

	var sessions []Session
	if _, _, err := c.do(ctx, request{method: http.MethodGet, path: path, out: &sessions}); err != nil {
		return nil, err
	}

	return sessions, nil
}

// RevokeSession ends one of a user's sessions with
// POST /users/{user_id}/sessions/revoke.
func (c *Client) RevokeSession(ctx context.Context, userID, sessionID string) error {
	path, err := idPath("user", "/users/%s/sessions/revoke", userID)
	if err != nil {
		return err
	}
	if sessionID == "" {
		return errors.New("mattermost: revoke session: the session id is empty")
	}

	_, _, err = c.do(ctx, request{
		method: http.MethodPost,
		path:   path,
		body:   map[string]string{"session_id": sessionID},
	})

	return err
}

// RevokeAllSessions ends all of a user's sessions with
// POST /users/{user_id}/sessions/revoke/all.
func (c *Client) RevokeAllSessions(ctx context.Context, userID string) error {
	path, err := idPath("user", "/users/%s/sessions/revoke/all", userID)
	if err != nil {
		return err
	}

	_, _, err = c.do(ctx, request{method: http.MethodPost, path: path})

	return err
}

// Logout ends the client's own session with POST /users/logout.
func (c *Client) Logout(ctx context.Context) error {
	_, _, err := c.do(ctx, request{method: http.MethodPost, path: "/users/logout"})

	return err
}

// Users returns one page of all users with GET /users?page&per_page. Pages
// count from 0; perPage is at most MaxPerPage.
func (c *Client) Users(ctx context.Context, page, perPage int) ([]User, error) {
	var users []User
	if err := c.list(ctx, "/users", page, perPage, &users); err != nil {
		return nil, err
	}

	return users, nil
}

// Teams returns one page of the teams the token can see with
// GET /teams?page&per_page.
// NOTE: whether archived teams are listed was not checked on a real server.
func (c *Client) Teams(ctx context.Context, page, perPage int) ([]Team, error) {
	var teams []Team
	if err := c.list(ctx, "/teams", page, perPage, &teams); err != nil {
		return nil, err
	}

	return teams, nil
}

// UsersWithPrefix returns every user whose username starts with prefix, for
// removing what earlier runs left behind. It pages through all users.
func (c *Client) UsersWithPrefix(ctx context.Context, prefix string) ([]User, error) {
	return collectWithPrefix(ctx, prefix, c.Users, func(u User) string { return u.Username })
}

// TeamsWithPrefix returns every team whose name starts with prefix. It pages
// through all teams the token can see.
func (c *Client) TeamsWithPrefix(ctx context.Context, prefix string) ([]Team, error) {
	return collectWithPrefix(ctx, prefix, c.Teams, func(t Team) string { return t.Name })
}

func (c *Client) list(ctx context.Context, path string, page, perPage int, out any) error {
	if page < 0 || perPage < 1 || perPage > MaxPerPage {
		return fmt.Errorf("mattermost: list %s: invalid page %d or per_page %d, use page >= 0 and per_page 1 to %d",
			path, page, perPage, MaxPerPage)
	}

	query := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(perPage)}}
	_, _, err := c.do(ctx, request{method: http.MethodGet, path: path, query: query, out: out})

	return err
}

func collectWithPrefix[T any](
	ctx context.Context,
	prefix string,
	fetch func(ctx context.Context, page, perPage int) ([]T, error),
	name func(T) string,
) ([]T, error) {
	if prefix == "" {
		return nil, errors.New("mattermost: list by prefix: the prefix is empty, which would match everything")
	}

	var matches []T
	for page := range maxPages {
		items, err := fetch(ctx, page, MaxPerPage)
		if err != nil {
			return matches, err
		}

		for _, item := range items {
			if strings.HasPrefix(name(item), prefix) {
				matches = append(matches, item)
			}
		}

		if len(items) < MaxPerPage {
			return matches, nil
		}
	}

	return matches, fmt.Errorf("mattermost: list by prefix %q: stopped after %d pages of %d", prefix, maxPages, MaxPerPage)
}

// idPath fills an escaped id into format, rejecting an empty id.
func idPath(kind, format, id string) (string, error) {
	if id == "" {
		return "", fmt.Errorf("mattermost: the %s id is empty", kind)
	}

	return fmt.Sprintf(format, url.PathEscape(id)), nil
}
