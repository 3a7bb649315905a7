// Package mattermost is a client for the parts of Mattermost's REST API v4
// that the specification uses: ping, login, users, teams and sessions.
//
// It talks to a real Mattermost server and to the embedded stand-in alike.
// A Client authenticates with a bearer token, so it needs no cookies and no
// CSRF token. Login also returns the cookies a browser would get, for
// handing a session to a browser context.
package mattermost

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// APIPath is the path of REST API v4 below the server's base URL.
const APIPath = "/api/v4"

// MaxResponseBytes is the largest response body the client reads. Larger
// bodies fail the request instead of filling memory.
const MaxResponseBytes = 1 << 20

// DefaultTimeout bounds each request of a Client built without
// WithHTTPClient. Contexts can set shorter deadlines.
const DefaultTimeout = 30 * time.Second

// errorSnippetBytes is how much of a non-JSON error body goes into an Error.
const errorSnippetBytes = 200

const redacted = "[REDACTED]"

// Client calls Mattermost's REST API v4. A Client is immutable once built,
// so it is safe for concurrent use. It never puts its token into errors,
// logs or formatted output.
type Client struct {
	baseURL   string // without a trailing slash
	http      *http.Client
	userAgent string
	token     string
}

// Option configures a Client built by New.
type Option func(*Client)

// WithHTTPClient makes the Client send its requests through hc, for example
// one that trusts a test server's certificate. A nil hc keeps the default.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.http = hc
		}
	}
}

// WithUserAgent sets the User-Agent header of every request. Mattermost
// derives a session's platform, OS and browser from the User-Agent at login.
// Without it, requests carry Go's default agent.
func WithUserAgent(userAgent string) Option {
	return func(c *Client) { c.userAgent = userAgent }
}

// WithToken makes the Client authenticate with a session or personal access
// token, sent as "Authorization: Bearer <token>".
func WithToken(token string) Option {
	return func(c *Client) { c.token = token }
}

// New returns a Client for the Mattermost server at baseURL, such as
// "https://mattermost.example.com" or "http://127.0.0.1:8065/mm". The URL
// must be absolute http or https with a host, and have no user info, query
// or fragment.
func New(baseURL string, opts ...Option) (*Client, error) {
	normalized, err := parseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}

	c := &Client{
		baseURL: normalized,
		http:    &http.Client{Timeout: DefaultTimeout},
	}
	for _, opt := range opts {
		opt(c)
	}

	return c, nil
}

func parseBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error repeats the input, which may contain a password.
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}

		return "", fmt.Errorf("mattermost: invalid base URL: %w", err)
	}

	redactedURL := u.Redacted()

	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("mattermost: invalid base URL %q: use an http:// or https:// URL", redactedURL)
	case u.Host == "":
		return "", fmt.Errorf("mattermost: invalid base URL %q: the host is missing", redactedURL)
	case u.User != nil:
		return "", fmt.Errorf("mattermost: invalid base URL %q: remove the user info, the client authenticates with a token", redactedURL)
	case u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("mattermost: invalid base URL %q: remove the query and fragment", redactedURL)
	}

	return strings.TrimRight(u.String(), "/"), nil
}

// WithToken returns a copy of c that authenticates with token. An empty
// token returns a copy that sends no Authorization header.
func (c *Client) WithToken(token string) *Client {
	clone := *c
	clone.token = token

	return &clone
}

// BaseURL returns the server's base URL without a trailing slash.
func (c *Client) BaseURL() string { return c.baseURL }

// Token returns the bearer token the client sends, so that a caller can
// redact it from files it writes.
func (c *Client) Token() string { return c.token }

// String describes the client without its token.
func (c Client) String() string {
	auth := "none"
	if c.token != "" {
		auth = "token " + redacted
	}

	return fmt.Sprintf("mattermost.Client{BaseURL: %s, Auth: %s}", c.baseURL, auth)
}

// Format writes String for every verb, so no verb prints the token.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue logs the base URL and whether a token is set.
func (c Client) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.baseURL),
		slog.Bool("token_set", c.token != ""),
	)
}

// Error is an API error response. Mattermost sends errors as JSON with an
// id such as "api.context.session_expired.app_error". For a body that is not
// such JSON, ID is empty and Message contains the start of the body.
type Error struct {
	Method     string // HTTP method of the request
	Path       string // URL path of the request, e.g. /api/v4/users/login
	StatusCode int
	ID         string // Mattermost's error id
	Message    string
	RequestID  string // from the JSON body or the X-Request-Id header
}

// Error formats the error as
// "POST /api/v4/users/login: 401 api.user.login.invalid_credentials_email_username: <message>".
// Without an id, the status text takes its place.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d ", e.Method, e.Path, e.StatusCode)

	if e.ID != "" {
		b.WriteString(e.ID)
	} else {
		b.WriteString(http.StatusText(e.StatusCode))
	}

	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}

	return b.String()
}

// IsStatus reports whether err contains an *Error with the HTTP status code.
func IsStatus(err error, code int) bool {
	var apiErr *Error

	return errors.As(err, &apiErr) && apiErr.StatusCode == code
}

// IsID reports whether err contains an *Error with Mattermost's error id.
func IsID(err error, id string) bool {
	var apiErr *Error

	return errors.As(err, &apiErr) && apiErr.ID == id
}

// IsTLSError reports whether err comes from the TLS handshake: a certificate
// that is untrusted, expired or for another host, a TLS alert, or a server
// that does not speak TLS on an https URL.
func IsTLSError(err error) bool {
	var (
		verifyErr    *tls.CertificateVerificationError
		authorityErr x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidErr   x509.CertificateInvalidError
		recordErr    tls.RecordHeaderError
		alertErr     tls.AlertError
	)

	return errors.As(err, &verifyErr) ||
		errors.As(err, &authorityErr) ||
		errors.As(err, &hostnameErr) ||
		errors.As(err, &invalidErr) ||
		errors.As(err, &recordErr) ||
		errors.As(err, &alertErr) ||
		// net/http replaces the RecordHeaderError of a plain HTTP reply
		// with an error that has no type of its own.
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client")
}

// request describes one API call.
type request struct {
	method string
	path   string // below APIPath, already escaped
	query  url.Values
	body   any // encoded as JSON unless nil
	out    any // decoded from JSON unless nil
	noAuth bool
	header http.Header // extra headers
	// secrets are removed from error snippets, besides the client's token.
	secrets []string
}

// do sends r and returns the response with its body already read.
func (c *Client) do(ctx context.Context, r request) (*http.Response, []byte, error) {
	target := c.baseURL + APIPath + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}

	var body io.Reader
	if r.body != nil {
		encoded, err := json.Marshal(r.body)
		if err != nil {
			return nil, nil, fmt.Errorf("%s %s: encode request: %w", r.method, target, err)
		}

		body = bytes.NewReader(encoded)
	}

	req, err := http.NewRequestWithContext(ctx, r.method, target, body)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", r.method, target, err)
	}

	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if c.token != "" && !r.noAuth {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for name, values := range r.header {
		req.Header[name] = values
	}

	resp, err := c.http.Do(req)
	if err != nil {
		// *url.Error quotes the URL after a lower-case method. Keep only
		// its cause so the message reads "GET http://...: cause".
		var urlErr *url.Error
		if errors.As(err, &urlErr) {
			err = urlErr.Err
		}

		return nil, nil, fmt.Errorf("%s %s: %w", r.method, target, err)
	}
	defer resp.Body.Close()

	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: read response: %w", r.method, target, err)
	}
	if len(data) > MaxResponseBytes {
		return nil, nil, fmt.Errorf("%s %s: response body exceeds %d bytes", r.method, target, MaxResponseBytes)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, c.decodeError(req, resp, data, r.secrets)
	}

	if r.out != nil {
		if err := json.Unmarshal(data, r.out); err != nil {
			return nil, nil, fmt.Errorf("%s %s: decode response: %w", r.method, target, err)
		}
	}

	return resp, data, nil
}

// decodeError turns a response with a non-2xx status into an *Error.
func (c *Client) decodeError(req *http.Request, resp *http.Response, data []byte, secrets []string) error {
	apiErr := &Error{
		Method:     req.Method,
		Path:       req.URL.Path,
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get("X-Request-Id"),
	}

	secrets = append(secrets, c.token)

	var body struct {
		ID        string `json:"id"`
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal(data, &body) == nil && body.ID != "" {
		apiErr.ID = body.ID
		apiErr.Message = redact(body.Message, secrets)
		if body.RequestID != "" {
			apiErr.RequestID = body.RequestID
		}
	} else {
		// Redact before cutting, so no part of a secret survives the cut.
		apiErr.Message = snippet(redact(string(data), secrets))
	}

	return apiErr
}

// snippet returns the start of body on one line, cut at a rune boundary.
func snippet(body string) string {
	text := strings.Join(strings.Fields(body), " ")
	if len(text) <= errorSnippetBytes {
		return text
	}

	cut := errorSnippetBytes
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}

	return text[:cut] + "…"
}

func redact(text string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			text = strings.ReplaceAll(text, secret, redacted)
		}
	}

	return text
}
