// Package mmlite is an embedded stand-in for a Mattermost server (modelled on
// Mattermost 9.11 and 11.0) that covers the path of test case MM-T2088,
// "View and Log Out of Active Sessions".
//
// It serves the REST v4 calls that the spec and its web UI use: log in,
// users, teams, sessions, revoke and log out, with cookie and bearer
// authentication and the CSRF rule. It fills session props from the
// User-Agent like the real server. Its web UI, served from embedded files,
// has the same ids, accessible names and texts as the Mattermost web app on
// this path.
//
// All state is kept in memory and is lost when the server stops.
//
// Faults, chosen by name in Options.Faults, each break exactly one behaviour
// that the spec checks. Faults lists them.
package mmlite
