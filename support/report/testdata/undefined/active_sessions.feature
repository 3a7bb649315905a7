@MM-T2088 @account-settings @active-sessions
Feature: View and log out of active sessions
  A user signed in on several clients sees every active session in
  Profile > Security > View and Log Out of Active Sessions, can read the
  details of each one, and can log out of all of them.

  Test case MM-T2088 (Channels / Profile Settings, priority P2).

  Scenario Outline: Log out of every session from the <client> client
    Given I am signed in on the "<client>" client
    And I am also signed in on 2 other clients
    When I open View and Log Out of Active Sessions from Profile > Security
    Then the current session is described as "<description>"
    When I expand every session with More info
    Then every session shows its details with no visible issues
    And the Active Sessions modal passes the accessibility audit
    When I log out of every session
    Then the login screen shows
    When I log back in
    And the session list shows the new session first
    Then the channel view shows

    @desktop
    Examples: Browsers and the desktop app
      | client             | description        |
      | Macintosh          | Macintosh          |
      | Windows            | Windows            |
      | Native Desktop App | Native Desktop App |

    @mobile @native
    Examples: Mobile apps
      | client                     | description                |
      | iPhone Native App          | iPhone Native App          |
      | Android Native App         | Android Native App         |
      | iPhone Native Classic App  | iPhone Native Classic App  |
      | Android Native Classic App | Android Native Classic App |
