package mmlite

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// methods maps an HTTP method to its handler for one path pattern.
type methods map[string]http.HandlerFunc

// maxBodyBytes bounds request bodies; the API's bodies are small JSON objects.
const maxBodyBytes = 1 << 20

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := func(pattern string, m methods) {
		mux.HandleFunc("/api/v4"+pattern, s.dispatch(m))
	}
	api("/system/ping", methods{"GET": s.handlePing})
	api("/users", methods{"GET": s.handleListUsers, "POST": s.handleCreateUser})
	api("/users/login", methods{"POST": s.handleLogin})
	api("/users/logout", methods{"POST": s.handleLogout})
	api("/users/sessions/device", methods{"PUT": s.handleAttachDevice})
	api("/users/{user_id}", methods{"GET": s.handleGetUser, "DELETE": s.handleDeleteUser})
	api("/users/{user_id}/sessions", methods{"GET": s.handleGetSessions})
	api("/users/{user_id}/sessions/revoke", methods{"POST": s.handleRevokeSession})
	api("/users/{user_id}/sessions/revoke/all", methods{"POST": s.handleRevokeAllSessions})
	api("/users/{user_id}/teams", methods{"GET": s.handleGetUserTeams})
	api("/teams", methods{"GET": s.handleListTeams, "POST": s.handleCreateTeam})
	api("/teams/{team_id}", methods{"GET": s.handleGetTeam, "DELETE": s.handleDeleteTeam})
	api("/teams/{team_id}/members", methods{"POST": s.handleAddTeamMember})
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, errNotFound())
	})
	s.webRoutes(mux)
	return s.withCommonHeaders(mux)
}

// dispatch routes by method and rejects other methods with a JSON 405.
func (s *Server) dispatch(m methods) http.HandlerFunc {
	allowed := make([]string, 0, len(m))
	for method := range m {
		allowed = append(allowed, method)
	}
	sort.Strings(allowed)
	return func(w http.ResponseWriter, r *http.Request) {
		h, ok := m[r.Method]
		if !ok {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			s.writeError(w, r, newAPIError(http.StatusMethodNotAllowed, "api.context.405.app_error",
				"Method "+r.Method+" is not allowed on "+r.URL.Path+"."))
			return
		}
		h(w, r)
	}
}

// decodeJSON reads a JSON object body into v.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) *apiError {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return newAPIError(http.StatusRequestEntityTooLarge, "api.context.request_body_too_large.app_error",
				"The request body is larger than 1 MiB.")
		}
		return errBadJSON()
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errBadJSON()
	}
	return nil
}

func (s *Server) handlePing(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"status":               "OK",
		"ActiveSearchBackend":  "database",
		"AndroidLatestVersion": "",
		"IosLatestVersion":     "",
	})
}

// resolveUserID turns the {user_id} path value into an id, "me" meaning the
// caller.
func resolveUserID(r *http.Request, caller *user) (string, *apiError) {
	id := r.PathValue("user_id")
	if id == "me" {
		return caller.ID, nil
	}
	if !validID(id) {
		return "", errInvalidURLParam("user_id")
	}
	return id, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9]{26}$`)

func validID(id string) bool { return idPattern.MatchString(id) }

var usernamePattern = regexp.MustCompile(`^[a-z][a-z0-9.\-_]{2,21}$`)

func validUsername(name string) bool { return usernamePattern.MatchString(name) }

// --- users ---

type userJSON struct {
	ID                 string            `json:"id"`
	CreateAt           int64             `json:"create_at"`
	UpdateAt           int64             `json:"update_at"`
	DeleteAt           int64             `json:"delete_at"`
	Username           string            `json:"username"`
	AuthData           string            `json:"auth_data"`
	AuthService        string            `json:"auth_service"`
	Email              string            `json:"email"`
	EmailVerified      bool              `json:"email_verified"`
	Nickname           string            `json:"nickname"`
	FirstName          string            `json:"first_name"`
	LastName           string            `json:"last_name"`
	Position           string            `json:"position"`
	Roles              string            `json:"roles"`
	Locale             string            `json:"locale"`
	Timezone           map[string]string `json:"timezone"`
	DisableWelcomeMail bool              `json:"disable_welcome_email"`
}

func toUserJSON(u *user) userJSON {
	return userJSON{
		ID: u.ID, CreateAt: u.CreateAt, UpdateAt: u.UpdateAt, DeleteAt: u.DeleteAt,
		Username: u.Username, Email: u.Email, EmailVerified: true,
		Nickname: u.Nickname, FirstName: u.FirstName, LastName: u.LastName,
		Roles: u.Roles, Locale: "en",
		Timezone: map[string]string{"automaticTimezone": "", "manualTimezone": "", "useAutomaticTimezone": "true"},
	}
}

type loginRequest struct {
	LoginID  string `json:"login_id"`
	Password string `json:"password"`
	DeviceID string `json:"device_id"`
	Token    string `json:"token"`
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if e := decodeJSON(w, r, &req); e != nil {
		s.writeError(w, r, e)
		return
	}
	if strings.TrimSpace(req.LoginID) == "" {
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "api.user.login.blank_pwd.app_error",
			"Login ID is required."))
		return
	}
	if len(req.DeviceID) > maxDeviceIDLength {
		s.writeError(w, r, errInvalidParam("device_id"))
		return
	}
	if req.Password == "" {
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "api.user.login.blank_pwd.app_error",
			"Password field must not be blank"))
		return
	}

	st := s.store
	st.mu.Lock()
	u := st.userByLogin(req.LoginID)
	switch {
	case u == nil || !u.checkPassword(req.Password):
		st.mu.Unlock()
		s.writeError(w, r, errInvalidCredentials())
		return
	case u.DeleteAt != 0:
		st.mu.Unlock()
		s.writeError(w, r, newAPIError(http.StatusUnauthorized, "api.user.login.inactive.app_error",
			"Login failed because your account has been deactivated. Please contact an administrator."))
		return
	case u.loggedOut && !u.isAdmin() && s.hasFault("login-fails-after-logout"):
		st.mu.Unlock()
		s.writeError(w, r, errInvalidCredentials())
		return
	}

	props := describe(r.UserAgent(), req.DeviceID, s.hasFault("mobile-app-labelled-as-desktop-app"))
	now := nowMillis()
	length := webSessionLength
	if req.DeviceID != "" {
		length = mobileSessionLength
	}
	sess := &session{
		ID:             newID(),
		Token:          newID(),
		CreateAt:       now,
		ExpiresAt:      now + length.Milliseconds(),
		LastActivityAt: now,
		UserID:         u.ID,
		DeviceID:       req.DeviceID,
		Roles:          u.Roles,
		Props: map[string]string{
			"platform":    props.Platform,
			"os":          props.OS,
			"browser":     props.Browser,
			"isMobile":    boolString(props.IsMobile),
			"isOAuthUser": "false",
			"isSaml":      "false",
			"is_guest":    "false",
			"csrf":        newID(),
		},
	}
	st.revokeDeviceSessions(u.ID, req.DeviceID, "")
	st.sessions[sess.Token] = sess
	body := toUserJSON(u)
	st.mu.Unlock()

	s.log.Info("user logged in", "user_id", u.ID, "session_id", sess.ID, "platform", props.Platform,
		"browser", props.Browser, "mobile", props.IsMobile)
	w.Header().Set("Token", sess.Token)
	if isXHR(r) {
		setSessionCookies(w, r, sess)
	}
	writeJSON(w, http.StatusOK, body)
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// handleLogout ends the caller's session, if any, and clears the cookies. Like
// Mattermost it returns 200 also without a valid session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	sess, _, e := s.authenticate(w, r)
	if e == nil {
		s.store.mu.Lock()
		if live := s.store.sessions[sess.Token]; live != nil {
			s.store.revokeSession(live)
		}
		s.store.mu.Unlock()
		s.log.Info("user logged out", "user_id", sess.UserID, "session_id", sess.ID)
	}
	clearSessionCookies(w)
	writeOK(w)
}

func (s *Server) handleAttachDevice(w http.ResponseWriter, r *http.Request) {
	sess, _, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	var req struct {
		DeviceID string `json:"device_id"`
	}
	if e := decodeJSON(w, r, &req); e != nil {
		s.writeError(w, r, e)
		return
	}
	if req.DeviceID == "" || len(req.DeviceID) > maxDeviceIDLength {
		s.writeError(w, r, errInvalidParam("device_id"))
		return
	}
	s.store.mu.Lock()
	if live := s.store.sessions[sess.Token]; live != nil {
		s.store.revokeDeviceSessions(live.UserID, req.DeviceID, live.ID)
		live.DeviceID = req.DeviceID
		live.Props["isMobile"] = "true"
		live.ExpiresAt = nowMillis() + mobileSessionLength.Milliseconds()
	}
	s.store.mu.Unlock()
	writeOK(w)
}

type createUserRequest struct {
	Username  string `json:"username"`
	Email     string `json:"email"`
	Password  string `json:"password"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Nickname  string `json:"nickname"`
}

// minPasswordLength is Mattermost's default PasswordSettings.MinimumLength.
const minPasswordLength = 8

// maxDeviceIDLength is the most bytes of a device id mmlite stores, which
// leaves room for the longest push tokens.
const maxDeviceIDLength = 512

// maxPasswordLength is Mattermost's limit, and the most bytes bcrypt reads.
const maxPasswordLength = 72

// handleCreateUser creates a user. Only a system admin may, because mmlite
// has open sign-up turned off.
func (s *Server) handleCreateUser(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	if !caller.isAdmin() {
		s.writeError(w, r, errPermission())
		return
	}
	var req createUserRequest
	if e := decodeJSON(w, r, &req); e != nil {
		s.writeError(w, r, e)
		return
	}
	req.Username = strings.ToLower(strings.TrimSpace(req.Username))
	req.Email = strings.TrimSpace(req.Email)
	switch {
	case !validUsername(req.Username):
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "model.user.is_valid.username.app_error",
			"Username must begin with a letter, and contain between 3 to 22 lowercase characters made up of numbers, letters, and the symbols '.', '-', and '_'."))
		return
	case !strings.Contains(req.Email, "@") || strings.HasPrefix(req.Email, "@") || strings.HasSuffix(req.Email, "@"):
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "model.user.is_valid.email.app_error",
			"Please enter a valid email."))
		return
	case len(req.Password) < minPasswordLength:
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "model.user.is_valid.pwd_length.app_error",
			"Your password must contain at least 8 characters."))
		return
	case len(req.Password) > maxPasswordLength:
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "model.user.is_valid.pwd_max_length.app_error",
			"Your password must contain no more than 72 characters."))
		return
	}

	st := s.store
	st.mu.Lock()
	if st.usernameTaken(req.Username) {
		st.mu.Unlock()
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "app.user.save.username_exists.app_error",
			"An account with that username already exists."))
		return
	}
	if st.emailTaken(req.Email) {
		st.mu.Unlock()
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "app.user.save.email_exists.app_error",
			"An account with that email already exists."))
		return
	}
	now := nowMillis()
	u := &user{
		ID: newID(), Username: req.Username, Email: req.Email,
		FirstName: req.FirstName, LastName: req.LastName, Nickname: req.Nickname,
		Roles: roleSystemUser, CreateAt: now, UpdateAt: now,
	}
	u.setPassword(req.Password)
	st.users[u.ID] = u
	body := toUserJSON(u)
	st.mu.Unlock()

	s.log.Info("user created", "user_id", u.ID, "username", u.Username, "by", caller.ID)
	writeJSON(w, http.StatusCreated, body)
}

func (s *Server) handleGetUser(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	id, e := resolveUserID(r, caller)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	s.store.mu.Lock()
	u := s.store.users[id]
	var body userJSON
	if u != nil {
		body = toUserJSON(u)
	}
	s.store.mu.Unlock()
	if u == nil {
		s.writeError(w, r, newAPIError(http.StatusNotFound, "app.user.missing_account.const",
			"Unable to find the user."))
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// handleDeleteUser deactivates a user and ends their sessions; with
// ?permanent=true a system admin deletes the user for good. Unlike a default
// Mattermost, permanent deletion through the API is always allowed.
func (s *Server) handleDeleteUser(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	id, e := resolveUserID(r, caller)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	permanent := r.URL.Query().Get("permanent") == "true"
	if (permanent || id != caller.ID) && !caller.isAdmin() {
		s.writeError(w, r, errPermission())
		return
	}

	st := s.store
	st.mu.Lock()
	u := st.users[id]
	if u == nil {
		st.mu.Unlock()
		s.writeError(w, r, newAPIError(http.StatusNotFound, "app.user.missing_account.const", "Unable to find the user."))
		return
	}
	for token, sess := range st.sessions {
		if sess.UserID == id {
			delete(st.sessions, token)
		}
	}

	if permanent {
		delete(st.users, id)
		for _, members := range st.members {
			delete(members, id)
		}
	} else {
		u.DeleteAt = nowMillis()
		u.UpdateAt = u.DeleteAt
	}
	st.mu.Unlock()
	s.log.Info("user deleted", "user_id", id, "permanent", permanent, "by", caller.ID)
	writeOK(w)
}

// --- sessions ---

type sessionJSON struct {
	ID             string            `json:"id"`
	Token          string            `json:"token"`
	CreateAt       int64             `json:"create_at"`
	ExpiresAt      int64             `json:"expires_at"`
	LastActivityAt int64             `json:"last_activity_at"`
	UserID         string            `json:"user_id"`
	DeviceID       string            `json:"device_id"`
	Roles          string            `json:"roles"`
	IsOAuth        bool              `json:"is_oauth"`
	ExpiredNotify  bool              `json:"expired_notify"`
	Props          map[string]string `json:"props"`
	TeamMembers    []teamMemberJSON  `json:"team_members"`
	Local          bool              `json:"local"`
}

// toSessionJSON returns a session as listed: without its token and without
// its CSRF token.
func toSessionJSON(sess *session) sessionJSON {
	props := make(map[string]string, len(sess.Props))
	for k, v := range sess.Props {
		if k != "csrf" {
			props[k] = v
		}
	}
	return sessionJSON{
		ID: sess.ID, CreateAt: sess.CreateAt, ExpiresAt: sess.ExpiresAt, LastActivityAt: sess.LastActivityAt,
		UserID: sess.UserID, DeviceID: sess.DeviceID, Roles: sess.Roles, IsOAuth: sess.IsOAuth,
		Props: props, TeamMembers: []teamMemberJSON{},
	}
}

// authorizeUser authenticates the request and checks that the caller may act
// on the {user_id} in the path: the user themselves or a system admin.
func (s *Server) authorizeUser(w http.ResponseWriter, r *http.Request) (*session, *user, string, *apiError) {
	sess, caller, e := s.authenticate(w, r)
	if e != nil {
		return nil, nil, "", e
	}
	id, e := resolveUserID(r, caller)
	if e != nil {
		return nil, nil, "", e
	}
	if id != caller.ID && !caller.isAdmin() {
		return nil, nil, "", errPermission()
	}
	return sess, caller, id, nil
}

func (s *Server) handleGetSessions(w http.ResponseWriter, r *http.Request) {
	_, _, userID, e := s.authorizeUser(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	_, source := requestToken(r)
	fromWebApp := source == tokenCookie
	once := fromWebApp && s.hasFault("sessions-500-once") && !s.firstSessionsFailed.Swap(true)
	if fromWebApp && (s.hasFault("sessions-500") || once) {
		s.writeError(w, r, newAPIError(http.StatusInternalServerError, "app.session.get_sessions.app_error",
			"Unable to get sessions."))
		return
	}
	if fromWebApp && s.hasFault("sessions-hang") {
		// Hold the request until the client goes away or the server closes.
		select {
		case <-r.Context().Done():
		case <-s.closed:
		}
		return
	}
	s.store.mu.Lock()
	list := []sessionJSON{}
	for _, sess := range s.store.userSessions(userID) {
		if sess.Props["type"] == propTypeAccessToken {
			continue
		}
		list = append(list, toSessionJSON(sess))
	}
	s.store.mu.Unlock()
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) handleRevokeSession(w http.ResponseWriter, r *http.Request) {
	_, caller, userID, e := s.authorizeUser(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	var req struct {
		SessionID string `json:"session_id"`
	}
	if e := decodeJSON(w, r, &req); e != nil {
		s.writeError(w, r, e)
		return
	}
	if !validID(req.SessionID) {
		s.writeError(w, r, errInvalidParam("session_id"))
		return
	}

	st := s.store
	st.mu.Lock()
	target := st.sessionByID(req.SessionID)
	if target == nil || target.UserID != userID {
		st.mu.Unlock()
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "api.session.revoke.app_error",
			"The session was not found for this user."))
		return
	}
	if !s.hasFault("revoke-ignored") {
		st.revokeSession(target)
	}
	st.mu.Unlock()
	s.log.Info("session revoked", "user_id", userID, "session_id", req.SessionID, "by", caller.ID)
	writeOK(w)
}

func (s *Server) handleRevokeAllSessions(w http.ResponseWriter, r *http.Request) {
	_, caller, userID, e := s.authorizeUser(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	st := s.store
	st.mu.Lock()
	count := 0
	if !s.hasFault("revoke-ignored") {
		for _, sess := range st.userSessions(userID) {
			st.revokeSession(sess)
			count++
		}
	}
	st.mu.Unlock()
	s.log.Info("all sessions revoked", "user_id", userID, "count", count, "by", caller.ID)
	writeOK(w)
}

// hasRole reports whether a space-separated role list holds role.
func hasRole(roles, role string) bool {
	return slices.Contains(strings.Fields(roles), role)
}
