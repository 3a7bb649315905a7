package mmlite

import (
	"net/http"
	"regexp"
	"strings"
)

type teamJSON struct {
	ID              string `json:"id"`
	CreateAt        int64  `json:"create_at"`
	UpdateAt        int64  `json:"update_at"`
	DeleteAt        int64  `json:"delete_at"`
	DisplayName     string `json:"display_name"`
	Name            string `json:"name"`
	Description     string `json:"description"`
	Email           string `json:"email"`
	Type            string `json:"type"`
	AllowOpenInvite bool   `json:"allow_open_invite"`
}

func toTeamJSON(t *team) teamJSON {
	return teamJSON{
		ID: t.ID, CreateAt: t.CreateAt, UpdateAt: t.UpdateAt, DeleteAt: t.DeleteAt,
		DisplayName: t.DisplayName, Name: t.Name, Type: t.Type, AllowOpenInvite: t.Type == "O",
	}
}

type teamMemberJSON struct {
	TeamID      string `json:"team_id"`
	UserID      string `json:"user_id"`
	Roles       string `json:"roles"`
	DeleteAt    int64  `json:"delete_at"`
	SchemeGuest bool   `json:"scheme_guest"`
	SchemeUser  bool   `json:"scheme_user"`
	SchemeAdmin bool   `json:"scheme_admin"`
}

func toTeamMemberJSON(m *teamMember) teamMemberJSON {
	return teamMemberJSON{
		TeamID: m.TeamID, UserID: m.UserID, Roles: m.Roles,
		SchemeUser: true, SchemeAdmin: hasRole(m.Roles, "team_admin"),
	}
}

// teamNamePattern is Mattermost's rule for a team's URL name.
var teamNamePattern = regexp.MustCompile(`^[a-z0-9]+([a-z0-9-]*[a-z0-9]+)?$`)

// reservedTeamNames are first path segments that the web UI uses itself.
var reservedTeamNames = map[string]bool{
	"api": true, "static": true, "login": true, "landing": true, "select_team": true,
	"signup": true, "admin_console": true, "channels": true, "plugins": true,
}

func (s *Server) handleCreateTeam(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	var req struct {
		Name        string `json:"name"`
		DisplayName string `json:"display_name"`
		Type        string `json:"type"`
	}
	if e := decodeJSON(w, r, &req); e != nil {
		s.writeError(w, r, e)
		return
	}
	req.Name = strings.TrimSpace(req.Name)
	switch {
	case len(req.Name) < 2 || len(req.Name) > 64 || !teamNamePattern.MatchString(req.Name) || reservedTeamNames[req.Name]:
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "model.team.is_valid.url.app_error",
			"Team name must be 2 to 64 lowercase letters, digits or '-', start and end with a letter or digit, and not be a reserved word."))
		return
	case strings.TrimSpace(req.DisplayName) == "" || len(req.DisplayName) > 64:
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "model.team.is_valid.name.app_error",
			"Invalid team display name: use 1 to 64 characters."))
		return
	case req.Type != "O" && req.Type != "I":
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "model.team.is_valid.type.app_error",
			"Invalid team type: use \"O\" (open) or \"I\" (invite only)."))
		return
	}

	st := s.store
	st.mu.Lock()
	if st.teamByName(req.Name) != nil {
		st.mu.Unlock()
		s.writeError(w, r, newAPIError(http.StatusBadRequest, "app.team.save.existing.app_error",
			"A team with that name already exists."))
		return
	}
	now := nowMillis()
	t := &team{ID: newID(), Name: req.Name, DisplayName: strings.TrimSpace(req.DisplayName), Type: req.Type, CreateAt: now, UpdateAt: now}
	st.teams[t.ID] = t
	st.members[t.ID] = map[string]*teamMember{
		caller.ID: {TeamID: t.ID, UserID: caller.ID, Roles: roleTeamAdmin},
	}
	body := toTeamJSON(t)
	st.mu.Unlock()

	s.log.Info("team created", "team_id", t.ID, "name", t.Name, "by", caller.ID)
	writeJSON(w, http.StatusCreated, body)
}

// teamForRequest returns the team named by {team_id} and the caller's
// membership in it (nil when not a member). The caller holds mu.
func (s *Server) teamForRequest(r *http.Request, caller *user) (*team, *teamMember, *apiError) {
	id := r.PathValue("team_id")
	if !validID(id) {
		return nil, nil, errInvalidURLParam("team_id")
	}
	t := s.store.teams[id]
	if t == nil {
		return nil, nil, newAPIError(http.StatusNotFound, "app.team.get.find.app_error", "Unable to find the existing team.")
	}
	return t, s.store.members[id][caller.ID], nil
}

func (s *Server) handleGetTeam(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	s.store.mu.Lock()
	t, member, e := s.teamForRequest(r, caller)
	var body teamJSON
	if e == nil {
		if member == nil && !caller.isAdmin() && t.Type != "O" {
			e = errPermission()
		} else {
			body = toTeamJSON(t)
		}
	}
	s.store.mu.Unlock()
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// handleDeleteTeam archives a team; with ?permanent=true it removes it. A
// system admin or a team admin may.
func (s *Server) handleDeleteTeam(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	permanent := r.URL.Query().Get("permanent") == "true"
	st := s.store
	st.mu.Lock()
	t, member, e := s.teamForRequest(r, caller)
	if e == nil && !caller.isAdmin() && (permanent || member == nil || !hasRole(member.Roles, "team_admin")) {
		e = errPermission()
	}
	if e != nil {
		st.mu.Unlock()
		s.writeError(w, r, e)
		return
	}
	if permanent {
		delete(st.teams, t.ID)
		delete(st.members, t.ID)
	} else {
		t.DeleteAt = nowMillis()
		t.UpdateAt = t.DeleteAt
	}
	st.mu.Unlock()
	s.log.Info("team deleted", "team_id", t.ID, "permanent", permanent, "by", caller.ID)
	writeOK(w)
}

// handleAddTeamMember adds a user to a team. A system admin or team admin may
// add anyone; any user may join an open team themselves.
func (s *Server) handleAddTeamMember(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	var req struct {
		TeamID string `json:"team_id"`
		UserID string `json:"user_id"`
	}
	if e := decodeJSON(w, r, &req); e != nil {
		s.writeError(w, r, e)
		return
	}
	if req.TeamID != r.PathValue("team_id") {
		s.writeError(w, r, errInvalidParam("team_id"))
		return
	}
	if !validID(req.UserID) {
		s.writeError(w, r, errInvalidParam("user_id"))
		return
	}

	st := s.store
	st.mu.Lock()
	t, member, e := s.teamForRequest(r, caller)
	if e == nil {
		isTeamAdmin := member != nil && hasRole(member.Roles, "team_admin")
		selfJoin := req.UserID == caller.ID && t.Type == "O"
		switch {
		case t.DeleteAt != 0:
			e = newAPIError(http.StatusBadRequest, "app.team.join_user_to_team.archived.app_error", "The team is archived.")
		case !caller.isAdmin() && !isTeamAdmin && !selfJoin:
			e = errPermission()
		case st.users[req.UserID] == nil || st.users[req.UserID].DeleteAt != 0:
			e = newAPIError(http.StatusBadRequest, "app.user.missing_account.const", "Unable to find the user.")
		}
	}
	if e != nil {
		st.mu.Unlock()
		s.writeError(w, r, e)
		return
	}

	m := st.members[t.ID][req.UserID]
	if m == nil {
		m = &teamMember{TeamID: t.ID, UserID: req.UserID, Roles: roleTeamUser}
		st.members[t.ID][req.UserID] = m
	}
	body := toTeamMemberJSON(m)
	st.mu.Unlock()
	s.log.Info("team member added", "team_id", t.ID, "user_id", req.UserID, "by", caller.ID)
	writeJSON(w, http.StatusCreated, body)
}

func (s *Server) handleGetUserTeams(w http.ResponseWriter, r *http.Request) {
	_, _, userID, e := s.authorizeUser(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	s.store.mu.Lock()
	list := []teamJSON{}
	for _, t := range s.store.userTeams(userID) {
		list = append(list, toTeamJSON(t))
	}
	s.store.mu.Unlock()
	writeJSON(w, http.StatusOK, list)
}
