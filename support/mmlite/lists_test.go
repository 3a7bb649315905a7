package mmlite

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListUsersPages(t *testing.T) {
	h := newHarness(t)
	h.createUser("bob")
	h.createUser("carol")

	first := h.do(request{method: "GET", path: "/api/v4/users?page=0&per_page=2", token: h.adminToken})
	second := h.do(request{method: "GET", path: "/api/v4/users?page=1&per_page=2", token: h.adminToken})

	require.Equal(t, http.StatusOK, first.StatusCode)
	names := func(list []userJSON) []string {
		var out []string
		for _, u := range list {
			out = append(out, u.Username)
		}
		return out
	}
	assert.Equal(t, []string{"admin", "bob"}, names(decode[[]userJSON](t, first)))
	assert.Equal(t, []string{"carol"}, names(decode[[]userJSON](t, second)))
}

func TestListUsersBadPage(t *testing.T) {
	h := newHarness(t)

	status := h.status(request{method: "GET", path: "/api/v4/users?page=-1", token: h.adminToken})

	assert.Equal(t, http.StatusBadRequest, status)
}

func TestListUsersNeedsSession(t *testing.T) {
	h := newHarness(t)

	assert.Equal(t, http.StatusUnauthorized, h.status(request{method: "GET", path: "/api/v4/users"}))
}

func TestListTeamsHidesPrivateFromOthers(t *testing.T) {
	h := newHarness(t)
	h.createUser("bob")
	resp := h.do(request{method: "POST", path: "/api/v4/teams", token: h.adminToken,
		body: map[string]string{"name": "secret", "display_name": "Secret", "type": "I"}})
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	bob := h.loginToken("bob", "", "")

	asAdmin := decode[[]teamJSON](t, h.do(request{method: "GET", path: "/api/v4/teams", token: h.adminToken}))
	asBob := decode[[]teamJSON](t, h.do(request{method: "GET", path: "/api/v4/teams", token: bob}))

	assert.Len(t, asAdmin, 1)
	assert.Empty(t, asBob)
}

func TestListUsersHugePage(t *testing.T) {
	h := newHarness(t)

	for _, page := range []string{"9223372036854775807", "153722867280912931"} {
		resp := h.do(request{method: "GET", path: "/api/v4/users?per_page=200&page=" + page, token: h.adminToken})
		assert.Equal(t, http.StatusOK, resp.StatusCode, "page %s", page)
		assert.Empty(t, decode[[]userJSON](t, resp), "page %s", page)
	}
}

func TestLoginRejectsLongDeviceID(t *testing.T) {
	h := newHarness(t)

	resp := h.login(testAdmin, testPassword, "", strings.Repeat("a", 513))

	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}
