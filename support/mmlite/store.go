package mmlite

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// idEncoding is the alphabet of Mattermost ids: 26 lowercase letters and
// digits for 16 random bytes.
var idEncoding = base32.NewEncoding("ybndrfg8ejkmcpqxot1uwisza345h769").WithPadding(base32.NoPadding)

// newID returns a random 26-character id like Mattermost's model.NewId.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error
	return idEncoding.EncodeToString(b[:])
}

func nowMillis() int64 { return time.Now().UnixMilli() }

const (
	webSessionLength    = 30 * 24 * time.Hour  // SessionLengthWebInHours default, 720
	mobileSessionLength = 180 * 24 * time.Hour // SessionLengthMobileInHours default, 4320
	roleSystemUser      = "system_user"
	roleSystemAdmin     = "system_admin system_user"
	roleTeamUser        = "team_user"
	roleTeamAdmin       = "team_admin team_user"
	propTypeAccessToken = "UserAccessToken"
)

type user struct {
	ID           string
	Username     string
	Email        string
	FirstName    string
	LastName     string
	Nickname     string
	Roles        string
	CreateAt     int64
	UpdateAt     int64
	DeleteAt     int64
	passwordHash []byte
	// loggedOut is set once one of the user's sessions was revoked or logged
	// out; the login-fails-after-logout fault reads it.
	loggedOut bool
}

func (u *user) isAdmin() bool { return strings.Contains(u.Roles, "system_admin") }

// passwordCost is bcrypt's lowest cost. mmlite keeps throwaway test
// passwords in memory only, and a run logs in a few hundred times, so the
// hash is bcrypt's, as in Mattermost, without its default cost of 10.
const passwordCost = bcrypt.MinCost

// setPassword stores a bcrypt hash of the password. bcrypt reads at most
// 72 bytes, so mmlite rejects longer passwords before they get here.
func (u *user) setPassword(password string) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), passwordCost)
	if err != nil {
		panic(fmt.Sprintf("mmlite: hash a password: %v", err))
	}
	u.passwordHash = hash
}

// checkPassword compares in constant time, as bcrypt does.
func (u *user) checkPassword(password string) bool {
	return bcrypt.CompareHashAndPassword(u.passwordHash, []byte(password)) == nil
}

type team struct {
	ID          string
	Name        string
	DisplayName string
	Type        string
	CreateAt    int64
	UpdateAt    int64
	DeleteAt    int64
}

type teamMember struct {
	TeamID string
	UserID string
	Roles  string
}

type session struct {
	ID             string
	Token          string
	CreateAt       int64
	ExpiresAt      int64
	LastActivityAt int64
	UserID         string
	DeviceID       string
	Roles          string
	IsOAuth        bool
	Props          map[string]string
}

func (s *session) csrf() string { return s.Props["csrf"] }

// store holds all state in memory behind one mutex.
type store struct {
	mu       sync.Mutex
	users    map[string]*user                  // by id
	teams    map[string]*team                  // by id
	members  map[string]map[string]*teamMember // team id -> user id -> member
	sessions map[string]*session               // by token
}

func newStore() *store {
	return &store{
		users:    map[string]*user{},
		teams:    map[string]*team{},
		members:  map[string]map[string]*teamMember{},
		sessions: map[string]*session{},
	}
}

// userByLogin returns the user whose username or email equals loginID,
// ignoring case. The caller holds mu.
func (st *store) userByLogin(loginID string) *user {
	loginID = strings.ToLower(strings.TrimSpace(loginID))
	for _, u := range st.users {
		if u.Username == loginID || strings.ToLower(u.Email) == loginID {
			return u
		}
	}
	return nil
}

// usernameTaken and emailTaken report conflicts. The caller holds mu.
func (st *store) usernameTaken(username string) bool {
	for _, u := range st.users {
		if u.Username == username {
			return true
		}
	}
	return false
}

func (st *store) emailTaken(email string) bool {
	for _, u := range st.users {
		if strings.EqualFold(u.Email, email) {
			return true
		}
	}
	return false
}

func (st *store) teamByName(name string) *team {
	for _, t := range st.teams {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// sessionByID returns a session by its id. The caller holds mu.
func (st *store) sessionByID(id string) *session {
	for _, s := range st.sessions {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// userSessions returns a user's sessions, most recently active first, as
// Mattermost orders them. The caller holds mu.
func (st *store) userSessions(userID string) []*session {
	var out []*session
	for _, s := range st.sessions {
		if s.UserID == userID {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].LastActivityAt != out[j].LastActivityAt {
			return out[i].LastActivityAt > out[j].LastActivityAt
		}
		if out[i].CreateAt != out[j].CreateAt {
			return out[i].CreateAt > out[j].CreateAt
		}
		return out[i].ID > out[j].ID
	})
	return out
}

// revokeSession removes a session. The caller holds mu.
func (st *store) revokeSession(s *session) {
	delete(st.sessions, s.Token)
	if u := st.users[s.UserID]; u != nil {
		u.loggedOut = true
	}
}

// revokeDeviceSessions removes a user's sessions with this device id, as a
// new login or device attach with the same id does. The caller holds mu.
func (st *store) revokeDeviceSessions(userID, deviceID, keepID string) {
	if deviceID == "" {
		return
	}
	for token, s := range st.sessions {
		if s.UserID == userID && s.DeviceID == deviceID && s.ID != keepID {
			delete(st.sessions, token)
		}
	}
}

// userTeams returns the teams a user belongs to, not archived, sorted by
// display name. The caller holds mu.
func (st *store) userTeams(userID string) []*team {
	var out []*team
	for teamID, members := range st.members {
		t := st.teams[teamID]
		if _, ok := members[userID]; ok && t != nil && t.DeleteAt == 0 {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].DisplayName != out[j].DisplayName {
			return out[i].DisplayName < out[j].DisplayName
		}
		return out[i].Name < out[j].Name
	})
	return out
}
