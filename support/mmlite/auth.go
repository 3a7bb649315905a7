package mmlite

import (
	"net/http"
	"strings"
	"time"
)

const (
	cookieToken  = "MMAUTHTOKEN"
	cookieUserID = "MMUSERID"
	cookieCSRF   = "MMCSRF"
	cookieMaxAge = 180 * 24 * time.Hour
)

// tokenSource is the origin of a request's session token: none, header or cookie.
type tokenSource int

const (
	tokenNone tokenSource = iota
	tokenHeader
	tokenCookie
)

// requestToken returns the session token of a request: the Authorization
// header (Bearer or Token scheme) first, else the MMAUTHTOKEN cookie.
func requestToken(r *http.Request) (string, tokenSource) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		scheme, token, ok := strings.Cut(auth, " ")
		if ok && (strings.EqualFold(scheme, "Bearer") || strings.EqualFold(scheme, "Token")) && token != "" {
			return strings.TrimSpace(token), tokenHeader
		}
	}
	if c, err := r.Cookie(cookieToken); err == nil && c.Value != "" {
		return c.Value, tokenCookie
	}
	return "", tokenNone
}

func isStateChanging(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}

func isXHR(r *http.Request) bool {
	return r.Header.Get("X-Requested-With") == "XMLHttpRequest"
}

// authenticate returns copies of the request's session and user, after
// updating the session's last activity. A cookie-authenticated request that
// changes state must carry X-CSRF-Token equal to the session's CSRF token or
// X-Requested-With: XMLHttpRequest, else it counts as unauthenticated. This
// is Mattermost's default, non-strict CSRF enforcement.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*session, *user, *apiError) {
	token, source := requestToken(r)
	if source == tokenNone {
		return nil, nil, errSessionExpired()
	}

	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	sess := s.store.sessions[token]
	now := nowMillis()
	if sess != nil && sess.ExpiresAt != 0 && sess.ExpiresAt < now {
		delete(s.store.sessions, token)
		sess = nil
	}
	var u *user
	if sess != nil {
		u = s.store.users[sess.UserID]
	}
	if sess == nil || u == nil || u.DeleteAt != 0 {
		if source == tokenCookie {
			clearSessionCookies(w)
		}
		return nil, nil, errSessionExpired()
	}

	if source == tokenCookie && isStateChanging(r.Method) {
		header := r.Header.Get("X-CSRF-Token")
		if header != sess.csrf() && !isXHR(r) {
			s.log.Warn("CSRF check failed", "method", r.Method, "path", r.URL.Path, "session_id", sess.ID, "user_id", sess.UserID)
			return nil, nil, errSessionExpired()
		}
	}
	sess.LastActivityAt = now
	copied := *sess
	copiedUser := *u
	return &copied, &copiedUser, nil
}

func setSessionCookies(w http.ResponseWriter, r *http.Request, sess *session) {
	secure := r.TLS != nil
	maxAge := int(cookieMaxAge / time.Second)
	expires := time.Now().Add(cookieMaxAge)
	http.SetCookie(w, &http.Cookie{Name: cookieToken, Value: sess.Token, Path: "/", MaxAge: maxAge, Expires: expires, HttpOnly: true, Secure: secure})
	http.SetCookie(w, &http.Cookie{Name: cookieUserID, Value: sess.UserID, Path: "/", MaxAge: maxAge, Expires: expires, Secure: secure})
	http.SetCookie(w, &http.Cookie{Name: cookieCSRF, Value: sess.csrf(), Path: "/", MaxAge: maxAge, Expires: expires, Secure: secure})
}

func clearSessionCookies(w http.ResponseWriter) {
	for _, name := range []string{cookieToken, cookieUserID, cookieCSRF} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: name == cookieToken})
	}
}
