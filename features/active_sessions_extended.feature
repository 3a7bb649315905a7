@active-sessions @account-settings @extended
Feature: Active sessions across several clients
  Beyond MM-T2088: the Active Sessions modal with a session on every client
  type, logging out of one of them, and a session revoked somewhere else.

  Scenario: Signed in on seven clients at once, log out of one
    Given I am signed in on the "Macintosh" client
    And I am also signed in on these clients:
      | client                     |
      | Windows                    |
      | Native Desktop App         |
      | iPhone Native App          |
      | Android Native App         |
      | iPhone Native Classic App  |
      | Android Native Classic App |
    When I open View and Log Out of Active Sessions from Profile > Security
    And I expand every session with More info
    Then every session is described as its client
    And every session shows its details with no visible issues
    When I log out of the "Android Native App" session
    Then only that session is gone and I am still signed in

  Scenario: A session revoked elsewhere leaves the reopened modal
    Given I am signed in on the "Windows" client
    And I am also signed in on these clients:
      | client            |
      | Macintosh         |
      | iPhone Native App |
    When I open View and Log Out of Active Sessions from Profile > Security
    And the "Macintosh" session is revoked elsewhere
    And I close and reopen the Active Sessions modal
    Then the "Macintosh" session is no longer listed
