package mattermost

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// User is a Mattermost user account as the API returns it.
type User struct {
	ID       string `json:"id"`
	Username string `json:"username"`
	Email    string `json:"email"`
	Roles    string `json:"roles"`     // space-separated, e.g. "system_user system_admin"
	DeleteAt int64  `json:"delete_at"` // ms since the epoch when deactivated, else 0
}

// Team is a Mattermost team as the API returns it.
type Team struct {
	ID          string `json:"id"`
	Name        string `json:"name"` // the URL name
	DisplayName string `json:"display_name"`
	Type        string `json:"type"`      // "O" open, "I" invite only
	DeleteAt    int64  `json:"delete_at"` // ms since the epoch when archived, else 0
}

// Session is a login session as GET /users/{user_id}/sessions returns it.
// Times are milliseconds since the epoch. Formatting and logging a Session
// redact Token and Props.CSRF.
type Session struct {
	ID             string       `json:"id"`
	Token          string       `json:"token"` // empty in lists, since Mattermost hides other sessions' tokens
	UserID         string       `json:"user_id"`
	DeviceID       string       `json:"device_id"`
	Roles          string       `json:"roles"`
	CreateAt       int64        `json:"create_at"`
	ExpiresAt      int64        `json:"expires_at"`
	LastActivityAt int64        `json:"last_activity_at"`
	IsOAuth        bool         `json:"is_oauth"`
	Props          SessionProps `json:"props"`
}

// SessionProps are the session properties Mattermost derives at login from
// the User-Agent and the device id. Mattermost stores them as strings,
// booleans included ("true" or "false").
type SessionProps struct {
	Platform    string `json:"platform"` // e.g. Macintosh, Windows, Linux, iPhone
	OS          string `json:"os"`       // e.g. "Mac OS", "Windows 10", "iOS", "Android"
	Browser     string `json:"browser"`  // "<name>/<version>", e.g. "Chrome/131.0", "Desktop App/5.10.0"
	IsMobile    string `json:"isMobile"`
	IsOAuthUser string `json:"isOAuthUser"`
	IsSaml      string `json:"isSaml"`
	IsGuest     string `json:"is_guest"`
	CSRF        string `json:"csrf"`
	Type        string `json:"type,omitempty"` // "UserAccessToken" for personal access tokens
}

// PingInfo is the result of GET /system/ping.
type PingInfo struct {
	Status string // "OK" when the server is healthy
	// Version is the server version, the first three dot-separated parts of
	// the X-Version-Id header, e.g. "9.11.2".
	Version string
	// VersionID is the whole X-Version-Id header,
	// "<version>.<build>.<config hash>.<enterprise>".
	VersionID string
}

// LoginRequest is the input of Client.Login.
type LoginRequest struct {
	LoginID  string // username or email
	Password string
	// DeviceID marks the session as a mobile app's, e.g. "apple_rn-v2:<token>".
	// Mattermost revokes the user's earlier sessions with the same device id.
	DeviceID string
	// UserAgent overrides the client's User-Agent for this login. Mattermost
	// derives the session's platform, OS and browser from it.
	UserAgent string
	// XHR sends "X-Requested-With: XMLHttpRequest", as the web app does.
	// Mattermost sets the MMAUTHTOKEN, MMUSERID and MMCSRF cookies only then.
	XHR bool
}

// Login is the result of a successful Client.Login. Formatting and logging
// a Login redact Token and the cookie values.
type Login struct {
	User  User
	Token string // the session token, from the Token response header
	// Cookies are the cookies the server set. It is empty unless the request
	// had XHR set.
	Cookies []*http.Cookie
}

// CreateUser is the input of Client.CreateUser. Formatting and logging it
// redact Password.
type CreateUser struct {
	Email    string `json:"email"`
	Username string `json:"username"`
	Password string `json:"password"`
}

func redactNonEmpty(secret string) string {
	if secret == "" {
		return ""
	}

	return redacted
}

// String describes the request without its password.
func (r LoginRequest) String() string {
	return fmt.Sprintf("mattermost.LoginRequest{LoginID: %q, Password: %q, DeviceID: %q, UserAgent: %q, XHR: %t}",
		r.LoginID, redactNonEmpty(r.Password), r.DeviceID, r.UserAgent, r.XHR)
}

// Format writes String for every verb, so no verb prints the password.
func (r LoginRequest) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, r.String()) }

// LogValue logs the request without its password.
func (r LoginRequest) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("login_id", r.LoginID),
		slog.String("device_id", r.DeviceID),
		slog.String("user_agent", r.UserAgent),
		slog.Bool("xhr", r.XHR),
	)
}

// String describes the login without the token and cookie values.
func (l Login) String() string {
	cookies := make([]string, len(l.Cookies))
	for i, cookie := range l.Cookies {
		cookies[i] = cookie.Name + "=" + redactNonEmpty(cookie.Value)
	}

	return fmt.Sprintf("mattermost.Login{User: %s (%s), Token: %q, Cookies: [%s]}",
		l.User.Username, l.User.ID, redactNonEmpty(l.Token), strings.Join(cookies, " "))
}

// Format writes String for every verb, so no verb prints a secret.
func (l Login) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, l.String()) }

// LogValue logs the user and the cookie names, without secrets.
func (l Login) LogValue() slog.Value {
	names := make([]string, len(l.Cookies))
	for i, cookie := range l.Cookies {
		names[i] = cookie.Name
	}

	return slog.GroupValue(
		slog.String("user_id", l.User.ID),
		slog.String("username", l.User.Username),
		slog.String("token", redactNonEmpty(l.Token)),
		slog.Any("cookies", names),
	)
}

// String describes the user to create without the password.
func (u CreateUser) String() string {
	return fmt.Sprintf("mattermost.CreateUser{Email: %q, Username: %q, Password: %q}",
		u.Email, u.Username, redactNonEmpty(u.Password))
}

// Format writes String for every verb, so no verb prints the password.
func (u CreateUser) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, u.String()) }

// LogValue logs the user to create without the password.
func (u CreateUser) LogValue() slog.Value {
	return slog.GroupValue(slog.String("email", u.Email), slog.String("username", u.Username))
}

// Format prints the fields like %+v, with CSRF redacted.
func (p SessionProps) Format(f fmt.State, _ rune) {
	type plain SessionProps // drops the methods, so Fprintf does not recurse

	masked := plain(p)
	masked.CSRF = redactNonEmpty(p.CSRF)
	_, _ = fmt.Fprintf(f, "%+v", masked)
}

// Format prints the fields like %+v, with Token and Props.CSRF redacted.
func (s Session) Format(f fmt.State, _ rune) {
	type plain Session

	masked := plain(s)
	masked.Token = redactNonEmpty(s.Token)
	_, _ = fmt.Fprintf(f, "%+v", masked)
}

// LogValue logs what describes the session, without Token and CSRF.
func (s Session) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", s.ID),
		slog.String("user_id", s.UserID),
		slog.String("device_id", s.DeviceID),
		slog.String("platform", s.Props.Platform),
		slog.String("os", s.Props.OS),
		slog.String("browser", s.Props.Browser),
		slog.Int64("create_at", s.CreateAt),
		slog.Int64("last_activity_at", s.LastActivityAt),
	)
}
