package mmlite

import (
	"net/http"
	"sort"
	"strconv"
)

// Paging as Mattermost does it: page counts from 0, per_page defaults to 60
// and is capped at 200.
const (
	defaultPerPage = 60
	maxPerPage     = 200
)

// pageBounds reads ?page and ?per_page and returns the slice bounds for a
// list of n items.
func pageBounds(r *http.Request, n int) (int, int, *apiError) {
	page, perPage := 0, defaultPerPage
	if v := r.URL.Query().Get("page"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 0 {
			return 0, 0, newAPIError(http.StatusBadRequest, "api.context.invalid_url_param.app_error",
				"Invalid or missing page parameter in request URL.")
		}
		page = p
	}
	if v := r.URL.Query().Get("per_page"); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 {
			return 0, 0, newAPIError(http.StatusBadRequest, "api.context.invalid_url_param.app_error",
				"Invalid or missing per_page parameter in request URL.")
		}
		perPage = min(p, maxPerPage)
	}
	if page > n/perPage {
		return n, n, nil // past the end; page*perPage could overflow
	}
	start := min(page*perPage, n)
	return start, min(start+perPage, n), nil
}

// handleListUsers lists every user, deactivated ones included, sorted by
// username.
func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	if _, _, e := s.authenticate(w, r); e != nil {
		s.writeError(w, r, e)
		return
	}
	s.store.mu.Lock()
	all := make([]userJSON, 0, len(s.store.users))
	for _, u := range s.store.users {
		all = append(all, toUserJSON(u))
	}
	s.store.mu.Unlock()

	sort.Slice(all, func(i, j int) bool { return all[i].Username < all[j].Username })
	start, end, e := pageBounds(r, len(all))
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	writeJSON(w, http.StatusOK, all[start:end])
}

// handleListTeams lists the teams the caller may see: all of them for a
// system admin, open ones and the caller's own for others. Archived teams
// are listed for system admins only.
func (s *Server) handleListTeams(w http.ResponseWriter, r *http.Request) {
	_, caller, e := s.authenticate(w, r)
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	s.store.mu.Lock()
	var all []teamJSON
	for id, t := range s.store.teams {
		member := s.store.members[id][caller.ID] != nil
		visible := caller.isAdmin() || (t.DeleteAt == 0 && (t.Type == "O" || member))
		if visible {
			all = append(all, toTeamJSON(t))
		}
	}
	s.store.mu.Unlock()

	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	start, end, e := pageBounds(r, len(all))
	if e != nil {
		s.writeError(w, r, e)
		return
	}
	writeJSON(w, http.StatusOK, all[start:end])
}
