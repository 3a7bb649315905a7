package mmlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Server.
type Options struct {
	AdminUsername string        // a system admin created at start (required)
	AdminPassword string        // the admin's password (required)
	Faults        []string      // fault names from Faults, validated by New
	Latency       time.Duration // every /api/v4 response is delayed by this much (0 = none)
	NoLanding     bool          // true: skip the /landing page on a browser's first visit
	UserMenu      string        // "11" (default, Mattermost 10 and later) or "9" (Mattermost 9.x)
	Version       string        // server version reported in X-Version-Id, default "11.0.3"
	Logger        *slog.Logger  // nil discards the log
}

// DefaultVersion is the server version reported when Options.Version is empty.
const DefaultVersion = "11.0.3"

// Server is an mmlite server. Its methods are safe for concurrent use.
type Server struct {
	opts      Options
	faults    map[string]bool
	log       *slog.Logger
	versionID string
	store     *store
	handler   http.Handler
	adminID   string
	// firstSessionsFailed is set once the sessions-500-once fault has
	// failed the web app's first sessions request.
	firstSessionsFailed atomic.Bool

	mu       sync.Mutex
	listener net.Listener
	http     *http.Server
	served   chan struct{} // closed when Serve returns
	closed   chan struct{} // closed by Close, ends hanging requests
	isClosed bool
}

// New validates opts and returns a server with its system admin created.
func New(opts Options) (*Server, error) {
	if strings.TrimSpace(opts.AdminUsername) == "" {
		return nil, errors.New("mmlite: missing admin username: set Options.AdminUsername")
	}
	if opts.AdminPassword == "" {
		return nil, errors.New("mmlite: missing admin password: set Options.AdminPassword")
	}
	if len(opts.AdminPassword) > maxPasswordLength {
		return nil, fmt.Errorf("mmlite: the admin password is longer than %d bytes, which bcrypt cannot hash; "+
			"choose a shorter one", maxPasswordLength)
	}
	if !validUsername(opts.AdminUsername) {
		return nil, fmt.Errorf("mmlite: invalid admin username %q: use 3 to 22 lowercase letters, digits, '.', '-' or '_', starting with a letter", opts.AdminUsername)
	}
	faultSet, err := validateFaults(opts.Faults)
	if err != nil {
		return nil, fmt.Errorf("mmlite: %w", err)
	}
	switch opts.UserMenu {
	case "":
		opts.UserMenu = "11"
	case "9", "11":
	default:
		return nil, fmt.Errorf("mmlite: invalid user menu generation %q: use \"9\" or \"11\"", opts.UserMenu)
	}
	if opts.Version == "" {
		opts.Version = DefaultVersion
	}
	if opts.Latency < 0 {
		return nil, fmt.Errorf("mmlite: invalid latency %v: use 0 or more", opts.Latency)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}

	configHash := sha256.Sum256([]byte(opts.Version + "\x00" + strings.Join(opts.Faults, ",")))
	s := &Server{
		opts:      opts,
		faults:    faultSet,
		log:       logger,
		versionID: fmt.Sprintf("%s.%s.%s.false", opts.Version, opts.Version, hex.EncodeToString(configHash[:16])),
		store:     newStore(),
		closed:    make(chan struct{}),
	}
	admin := &user{
		ID:       newID(),
		Username: strings.ToLower(opts.AdminUsername),
		Email:    strings.ToLower(opts.AdminUsername) + "@mmlite.test",
		Roles:    roleSystemAdmin,
		CreateAt: nowMillis(),
	}
	admin.UpdateAt = admin.CreateAt
	admin.setPassword(opts.AdminPassword)
	s.store.users[admin.ID] = admin
	s.adminID = admin.ID
	s.handler = s.routes()
	return s, nil
}

// hasFault reports whether the named fault is injected.
func (s *Server) hasFault(name string) bool { return s.faults[name] }

// Handler returns the server's HTTP handler: the REST API under /api/v4 and
// the web UI everywhere else.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr, a loopback address such as "127.0.0.1:0", and
// serves in the background until Close.
func (s *Server) Start(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("mmlite: invalid listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("mmlite: listen address %q is not a loopback address: use 127.0.0.1", addr)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.isClosed {
		return errors.New("mmlite: server is closed")
	}
	if s.listener != nil {
		return fmt.Errorf("mmlite: server already listens on %s", s.listener.Addr())
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("mmlite: listen on %s: %w", addr, err)
	}
	s.listener = listener
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.Background() },
	}
	s.served = make(chan struct{})
	s.log.Info("mmlite started", "url", s.urlLocked(), "version", s.opts.Version,
		"faults", s.opts.Faults, "user_menu", s.opts.UserMenu, "latency", s.opts.Latency)
	go func() {
		defer close(s.served)
		if err := s.http.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("mmlite stopped serving", "error", err)
		}
	}()
	return nil
}

// URL returns the base URL, such as "http://127.0.0.1:8065", or "" before Start.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.urlLocked()
}

func (s *Server) urlLocked() string {
	if s.listener == nil {
		return ""
	}
	return "http://" + s.listener.Addr().String()
}

// shutdownTimeout bounds how long Close waits for requests in flight.
const shutdownTimeout = 5 * time.Second

// Close ends requests that wait on purpose (the sessions-hang fault), waits up
// to 5 seconds for the others to finish, and stops the server. It may be
// called more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.isClosed {
		s.mu.Unlock()
		return nil
	}
	s.isClosed = true
	close(s.closed)
	srv, served := s.http, s.served
	s.mu.Unlock()

	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		s.log.Warn("mmlite shutdown timed out, closing connections", "error", err)
		err = srv.Close()
	}
	<-served
	s.log.Info("mmlite stopped")
	return err
}

// wait blocks for d, or until the request ends or the server closes, and
// reports whether the whole delay passed.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.closed:
		return false
	}
}

// statusRecorder records the status code a handler writes.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withCommonHeaders adds the headers every response carries, delays API
// responses by the configured latency and logs each request at debug level.
func (s *Server) withCommonHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		w := &statusRecorder{ResponseWriter: rw}
		defer func() {
			s.log.Debug("request handled", "method", r.Method, "path", r.URL.Path, "status", w.status,
				"duration", time.Since(start))
		}()
		h := w.Header()
		h.Set("X-Version-Id", s.versionID)
		h.Set("X-Request-Id", newID())
		h.Set("X-Content-Type-Options", "nosniff")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
			if s.opts.Latency > 0 && !s.wait(r.Context(), s.opts.Latency) {
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
