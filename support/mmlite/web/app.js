// The mmlite web app: a small single-page app with the ids, accessible names
// and texts of the Mattermost web app on the path of "View and Log Out of
// Active Sessions". Faults from window.mmliteConfig switch on defects.
'use strict';

(function () {
  const config = window.mmliteConfig || { faults: [], noLanding: false, userMenu: '11' };
  const fault = (name) => config.faults.includes(name);
  const root = document.getElementById('root');
  const LANDING_SEEN_KEY = '__landingPageSeen__';

  const state = {
    me: null,
    teams: [],
    status: 'online',
    notificationBarDismissed: false,
    sessionExpiring: false,
    showBrokenLogin: false,
  };

  // ---------------------------------------------------------------- DOM

  // h creates an element. attrs keys: class, text, on (event handlers), and
  // any attribute (false and null values are left out).
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key === 'on') for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function getCookie(name) {
    for (const part of document.cookie.split(';')) {
      const [key, ...rest] = part.trim().split('=');
      if (key === name) return decodeURIComponent(rest.join('='));
    }
    return '';
  }

  // ---------------------------------------------------------------- navigation

  // The desktop app (Mattermost/<version> with Electron in the agent) owns
  // navigation. The web app sends it each path and navigates when it calls back.
  const desktopMatch = /Mattermost\/(\d+)/.exec(navigator.userAgent);
  const isDesktopApp = desktopMatch !== null && navigator.userAgent.includes('Electron');
  const desktopMajor = isDesktopApp ? parseInt(desktopMatch[1], 10) : 0;

  if (isDesktopApp && desktopMajor >= 5) {
    if (window.desktopAPI && typeof window.desktopAPI.onBrowserHistoryPush === 'function') {
      window.desktopAPI.onBrowserHistoryPush((path) => go(path));
    }
  } else if (isDesktopApp) {
    window.addEventListener('message', (event) => {
      const data = event.data;
      if (event.origin === window.location.origin && data && data.type === 'browser-history-push-return') {
        go(data.message && data.message.pathName);
      }
    });
  }

  // navigate is an in-app navigation, handed to the desktop app when there is one.
  function navigate(path) {
    if (isDesktopApp && desktopMajor >= 5) {
      if (window.desktopAPI && typeof window.desktopAPI.sendBrowserHistoryPush === 'function') {
        window.desktopAPI.sendBrowserHistoryPush(path);
      }
      return;
    }
    if (isDesktopApp) {
      window.postMessage({ type: 'browser-history-push', message: { path } }, window.location.origin);
      return;
    }
    go(path);
  }

  function go(path) {
    if (typeof path !== 'string' || !path.startsWith('/')) return;
    window.history.pushState(null, '', path);
    render();
  }

  // redirect replaces the current entry, as a router's redirect does.
  function redirect(path) {
    window.history.replaceState(null, '', path);
    render();
  }

  window.addEventListener('popstate', () => render());

  // ---------------------------------------------------------------- API

  class APIError extends Error {
    constructor(status, body) {
      super((body && body.message) || 'Request failed with status ' + status);
      this.status = status;
      this.id = body && body.id;
    }
  }

  async function api(method, path, body) {
    const headers = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin' };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = getCookie('MMCSRF');
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch('/api/v4' + path, init);
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      data = null;
    }
    if (!response.ok) throw new APIError(response.status, data);
    return data;
  }

  // appAPI is api for signed-in pages: a 401 ends the session in the app.
  async function appAPI(method, path, body) {
    try {
      return await api(method, path, body);
    } catch (err) {
      if (err instanceof APIError && err.status === 401) sessionExpired();
      throw err;
    }
  }

  function sessionExpired() {
    if (state.sessionExpiring) return;
    state.sessionExpiring = true;
    state.me = null;
    closeAllModals();
    closeUserMenu();
    closeDrawer(false);
    if (fault('no-login-page-after-logout')) state.showBrokenLogin = true;
    navigate('/login');
  }

  // ---------------------------------------------------------------- routing

  let renderSequence = 0;

  function render() {
    const sequence = ++renderSequence;
    const path = window.location.pathname;
    closeAllModals();
    closeUserMenu();
    closeDrawer(false);
    channelView = null;

    if (!config.noLanding && !isDesktopApp && path !== '/landing' && !landingSeen()) {
      // Like Mattermost, the first visit goes to the landing page once.
      markLandingSeen();
      redirect('/landing#' + path + window.location.search);
      return;
    }
    if (path === '/landing') return renderLanding();
    if (path === '/login') return renderLogin(sequence);
    if (path === '/' || path === '') return renderRoot(sequence);
    if (path === '/select_team') return renderSelectTeam(sequence);
    let match = /^\/([a-z0-9-]+)\/channels\/([a-z0-9_-]+)\/?$/.exec(path);
    if (match) return renderChannel(sequence, match[1], match[2]);
    match = /^\/([a-z0-9-]+)\/?$/.exec(path);
    if (match) return redirect('/' + match[1] + '/channels/town-square');
    return renderNotFound();
  }

  function landingSeen() {
    try {
      return window.localStorage.getItem(LANDING_SEEN_KEY) === 'true';
    } catch (err) {
      return true;
    }
  }

  function markLandingSeen() {
    try {
      window.localStorage.setItem(LANDING_SEEN_KEY, 'true');
    } catch (err) {
      // Storage is unavailable: the landing page then shows on every visit.
    }
  }

  function show(...children) {
    root.replaceChildren(...children);
  }

  function isCurrent(sequence) {
    return sequence === renderSequence;
  }

  async function loadMe() {
    state.me = await appAPI('GET', '/users/me');
    state.sessionExpiring = false;
    state.teams = await appAPI('GET', '/users/me/teams');
    return state.me;
  }

  function defaultTeamPath(teams) {
    return teams.length > 0 ? '/' + teams[0].name + '/channels/town-square' : '/select_team';
  }

  async function renderRoot(sequence) {
    show(loadingView());
    if (!getCookie('MMUSERID')) return redirect('/login');
    try {
      await loadMe();
    } catch (err) {
      return;
    }
    if (isCurrent(sequence)) redirect(defaultTeamPath(state.teams));
  }

  function loadingView() {
    return h('div', { class: 'loading-screen', role: 'status' }, 'Loading…');
  }

  function renderNotFound() {
    show(h('main', { class: 'error-page' },
      h('h1', { text: 'Page not found' }),
      h('p', { text: 'The page you were trying to reach does not exist.' }),
      h('a', { href: '/', class: 'btn btn-primary', on: { click: (e) => { e.preventDefault(); navigate('/'); } } }, 'Back to Mattermost')));
  }

  // ---------------------------------------------------------------- landing

  function renderLanding() {
    const target = window.location.hash.length > 1 ? window.location.hash.slice(1) : '/login';
    const note = h('p', { class: 'get-app__note', role: 'status' });
    show(h('main', { class: 'get-app' },
      h('div', { class: 'get-app__logo', 'aria-hidden': 'true' }),
      h('h1', { class: 'get-app__title', text: 'Where would you like to view this?' }),
      h('div', { class: 'get-app__buttons' },
        h('a', {
          href: 'mattermost://' + window.location.host + target,
          class: 'btn btn-primary btn-lg get-app__launch',
          on: {
            click: (e) => {
              e.preventDefault();
              note.textContent = 'Opening the desktop app… If nothing happens, choose View in Browser.';
            },
          },
        }, 'View in Desktop App'),
        h('a', {
          href: target,
          class: 'btn btn-tertiary btn-lg get-app__continue',
          on: { click: (e) => { e.preventDefault(); markLandingSeen(); navigate(target); } },
        }, 'View in Browser')),
      note));
  }

  // ---------------------------------------------------------------- login

  async function renderLogin(sequence) {
    if (state.showBrokenLogin) {
      state.showBrokenLogin = false;
      show(h('main', { class: 'error-page' },
        h('h1', { text: 'Something went wrong' }),
        h('p', { text: 'An error occurred while loading this page.' })));
      return;
    }
    if (getCookie('MMUSERID')) {
      show(loadingView());
      try {
        state.me = await api('GET', '/users/me');
        state.teams = await api('GET', '/users/me/teams');
        if (isCurrent(sequence)) navigate(defaultTeamPath(state.teams));
        return;
      } catch (err) {
        state.me = null;
      }
      if (!isCurrent(sequence)) return;
    }
    state.sessionExpiring = false;

    const banner = h('div', { class: 'login-body-card-banner-container', 'aria-live': 'polite' });
    const loginInput = h('input', {
      id: 'input_loginId', name: 'loginId', type: 'text', class: 'form-control',
      placeholder: 'Email or Username', autocomplete: 'username', autocapitalize: 'off', spellcheck: 'false',
      'aria-label': 'Email or Username',
    });
    const passwordInput = h('input', {
      id: 'input_password-input', name: 'password-input', type: 'password', class: 'form-control',
      placeholder: 'Password', autocomplete: 'current-password', 'aria-label': 'Password',
    });
    const toggle = h('button', {
      id: 'password_toggle', type: 'button', class: 'password-toggle', 'aria-label': 'Show password',
      on: {
        click: () => {
          const hidden = passwordInput.type === 'password';
          passwordInput.type = hidden ? 'text' : 'password';
          toggle.setAttribute('aria-label', hidden ? 'Hide password' : 'Show password');
          toggle.textContent = hidden ? 'Hide' : 'Show';
        },
      },
    }, 'Show');
    const submit = h('button', {
      id: 'saveSetting', 'data-testid': 'saveSetting', type: 'submit', class: 'btn btn-primary btn-lg login-submit',
    }, 'Log in');

    const showBanner = (text) => {
      banner.replaceChildren(h('div', { class: 'login-body-card-banner alert alert-danger', role: 'alert' }, text));
    };

    const form = h('form', {
      class: 'login-body-card-form', novalidate: true,
      on: {
        submit: async (e) => {
          e.preventDefault();
          const loginID = loginInput.value.trim();
          if (!loginID) return showBanner('Please enter your email or username');
          if (!passwordInput.value) return showBanner('Please enter your password');
          banner.replaceChildren();
          submit.disabled = true;
          submit.textContent = 'Logging in…';
          try {
            state.me = await api('POST', '/users/login', { login_id: loginID, password: passwordInput.value, device_id: '' });
            state.teams = await api('GET', '/users/me/teams');
            state.sessionExpiring = false;
          } catch (err) {
            submit.disabled = false;
            submit.textContent = 'Log in';
            if (err instanceof APIError && err.id === 'api.user.login.invalid_credentials_email_username') {
              showBanner('The email/username or password is invalid.');
            } else {
              showBanner(err.message || 'Login failed.');
            }
            return;
          }
          // The desktop app navigates only when it calls back, so the button
          // keeps reading "Logging in…" until then.
          navigate(defaultTeamPath(state.teams));
        },
      },
    },
    h('div', { class: 'input-group' }, loginInput),
    h('div', { class: 'input-group input-group--password' }, passwordInput, toggle),
    submit);

    show(h('main', { class: 'login-body' },
      h('div', { class: 'login-body-message' },
        h('div', { class: 'login-logo', 'aria-hidden': 'true' }),
        h('p', { class: 'login-body-message-subtitle', text: 'Collaborate with your team in real time' })),
      h('div', { class: 'login-body-card' },
        h('h1', { class: 'login-body-card-title', text: 'Log in to your account' }),
        banner,
        form)));
    loginInput.focus();
  }

  // ---------------------------------------------------------------- teams and channels

  async function renderSelectTeam(sequence) {
    show(loadingView());
    try {
      await loadMe();
    } catch (err) {
      return;
    }
    if (!isCurrent(sequence)) return;
    const list = h('ul', { class: 'select-team__list' },
      state.teams.map((team) => h('li', null,
        h('a', {
          href: '/' + team.name + '/channels/town-square',
          on: { click: (e) => { e.preventDefault(); navigate('/' + team.name + '/channels/town-square'); } },
        }, team.display_name))));
    show(h('main', { class: 'select-team' },
      h('h1', { text: 'Select a team' }),
      state.teams.length ? list : h('p', { text: 'You are not a member of any team yet. Ask a system admin to add you to one.' }),
      h('button', { type: 'button', class: 'btn btn-tertiary', on: { click: logOut } }, 'Log out')));
  }

  const channelNames = { 'town-square': 'Town Square', 'off-topic': 'Off-Topic' };

  async function renderChannel(sequence, teamName, channelName) {
    show(loadingView());
    try {
      await loadMe();
    } catch (err) {
      return;
    }
    if (!isCurrent(sequence)) return;
    const team = state.teams.find((t) => t.name === teamName);
    if (!team) return redirect(defaultTeamPath(state.teams));
    const channelTitle = channelNames[channelName] || channelName;

    const channelLinks = Object.entries(channelNames).map(([name, title]) => {
      const href = '/' + team.name + '/channels/' + name;
      return h('li', { class: 'sidebar-item' + (name === channelName ? ' active' : '') },
        h('a', {
          href, 'aria-current': name === channelName ? 'page' : null,
          on: { click: (e) => { e.preventDefault(); navigate(href); } },
        }, title));
    });

    const sidebar = h('nav', { id: 'SidebarContainer', class: 'sidebar', 'aria-label': 'Channel sidebar' },
      h('h2', { class: 'sidebar__team-name', text: team.display_name }),
      h('ul', { class: 'sidebar__channels', 'aria-label': 'Channels' }, channelLinks));
    const layout = h('div', { class: 'app-layout' },
      h('header', { id: 'global-header', class: 'global-header' },
        h('div', { class: 'global-header__product', text: 'Channels' }),
        h('div', { class: 'global-header__right' }, userMenuButton())),
      h('div', { class: 'app-body' },
        sidebar,
        h('main', { id: 'channel_view', class: 'channel-view', 'aria-label': channelTitle + ' channel' },
          h('div', { class: 'channel-header' }, h('h1', { class: 'channel-header__title', text: channelTitle })),
          h('div', { class: 'post-list' },
            h('h2', { class: 'channel-intro__title', text: 'Beginning of ' + channelTitle }),
            h('p', { class: 'channel-intro__text', text: 'Welcome to ' + channelTitle + '! Post messages here that you want everyone to see.' })))));
    show(notificationBar(), layout);
    channelView = { layout, sidebar, team, channelTitle, navbar: null, menuDrawer: null };
    applyViewMode();
  }

  function notificationBar() {
    if (state.notificationBarDismissed) return null;
    const bar = h('div', { class: 'announcement-bar', role: 'region', 'aria-label': 'Notification permission' },
      h('span', { class: 'announcement-bar__text', text: 'We need your permission to show notifications' }),
      h('button', {
        type: 'button', class: 'announcement-bar__enable',
        on: {
          click: () => {
            if ('Notification' in window && typeof Notification.requestPermission === 'function') {
              Promise.resolve(Notification.requestPermission()).catch(() => {});
            }
            dismiss();
          },
        },
      }, 'Enable notifications'),
      h('button', { type: 'button', class: 'announcement-bar__close', 'aria-label': 'Dismiss notice', on: { click: () => dismiss() } }, '×'));
    const dismiss = () => {
      state.notificationBarDismissed = true;
      bar.remove();
    };
    return bar;
  }

  async function logOut() {
    try {
      await api('POST', '/users/logout');
    } catch (err) {
      // The session is gone either way.
    }
    state.me = null;
    closeAllModals();
    closeUserMenu();
    closeDrawer(false);
    navigate('/login');
  }

  // ---------------------------------------------------------------- user menu

  const statuses = [
    { value: 'online', text: 'Online', id9: 'status-menu-online' },
    { value: 'away', text: 'Away', id9: 'status-menu-away' },
    { value: 'dnd', text: 'Do not disturb', id9: 'status-menu-dnd_menuitem' },
    { value: 'offline', text: 'Offline', id9: 'status-menu-offline' },
  ];

  const statusText = () => statuses.find((s) => s.value === state.status).text;

  let menuButton = null;
  let openMenu = null;

  function userMenuButton() {
    const initials = (state.me.username || '?').slice(0, 2).toUpperCase();
    const avatar = h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials,
      h('span', { class: 'status-dot status-dot--' + state.status }));
    if (config.userMenu === '9') {
      menuButton = h('button', {
        type: 'button', class: 'status-wrapper style--none', 'aria-haspopup': 'true', 'aria-expanded': 'false',
        'aria-label': 'Current status: ' + statusText() + '. Select to open profile and status menu.',
        on: { click: toggleUserMenu },
      }, avatar);
      return h('div', { class: 'user-menu user-menu--9' }, menuButton);
    }
    menuButton = h('button', {
      id: 'userAccountMenuButton', type: 'button', class: 'user-account-menu-button',
      'aria-label': "User's account menu", 'aria-describedby': 'userAccountMenuButtonDescribedBy',
      'aria-haspopup': 'true', 'aria-expanded': 'false', 'aria-controls': 'userAccountMenu',
      on: { click: toggleUserMenu },
    }, avatar);
    return h('div', { class: 'user-menu' },
      menuButton,
      h('span', { id: 'userAccountMenuButtonDescribedBy', class: 'sr-only', text: 'Status is "' + statusText() + '".' }));
  }

  function toggleUserMenu() {
    if (openMenu) closeUserMenu();
    else openUserMenu();
  }

  function setStatus(value) {
    state.status = value;
    closeUserMenu();
    const container = menuButton && menuButton.parentElement;
    if (container) container.replaceWith(userMenuButton());
    if (menuButton) menuButton.focus();
  }

  function menuItem(text, action, attrs) {
    return h('li', Object.assign({
      role: 'menuitem', tabindex: '-1', class: 'menu-item',
      on: {
        click: (e) => { e.preventDefault(); action(); },
        keydown: (e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            action();
          }
        },
      },
    }, attrs || {}), text);
  }

  function openProfileFromMenu() {
    closeUserMenu();
    openProfileModal();
  }

  function buildMenu11() {
    const items = [
      menuItem('@' + state.me.username, openProfileFromMenu, { class: 'menu-item menu-item--user' }),
      menuItem('Set custom status', () => { closeUserMenu(); openCustomStatusModal(); }),
      h('li', { role: 'separator', class: 'menu-divider' }),
      ...statuses.map((s) => menuItem(s.text, () => setStatus(s.value))),
      h('li', { role: 'separator', class: 'menu-divider' }),
      menuItem('Profile', openProfileFromMenu),
      h('li', { role: 'separator', class: 'menu-divider' }),
      menuItem('Log out', () => { closeUserMenu(); logOut(); }),
    ];
    return h('ul', { id: 'userAccountMenu', role: 'menu', class: 'dropdown-menu user-account-menu' }, items);
  }

  function buildMenu9() {
    const items = [
      menuItem('Set a custom status', () => { closeUserMenu(); openCustomStatusModal(); }, { id: 'status-menu-custom-status' }),
      h('li', { role: 'separator', class: 'menu-divider' }),
      ...statuses.map((s) => menuItem(s.text, () => setStatus(s.value), { id: s.id9 })),
      h('li', { role: 'separator', class: 'menu-divider' }),
      menuItem(h('button', { type: 'button', class: 'style--none', tabindex: '-1', 'aria-label': 'Profile dialog' }, 'Profile'),
        openProfileFromMenu, { id: 'accountSettings' }),
      h('li', { role: 'separator', class: 'menu-divider' }),
      menuItem(h('button', { type: 'button', class: 'style--none', tabindex: '-1' }, 'Log Out'),
        () => { closeUserMenu(); logOut(); }, { id: 'logout' }),
    ];
    return h('div', { class: 'dropdown-menu status-dropdown-menu' },
      h('ul', { id: 'statusDropdownMenu', role: 'menu', 'aria-label': 'set status', class: 'dropdown-menu__list' }, items));
  }

  // addMenuKeys moves the focus between the menu items of list with the arrow,
  // Home and End keys, and calls onTab when Tab leaves the menu.
  function addMenuKeys(list, onTab) {
    list.addEventListener('keydown', (e) => {
      const all = Array.from(list.querySelectorAll('[role=menuitem]'));
      const index = all.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        all[(index + 1) % all.length].focus();
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        all[(index - 1 + all.length) % all.length].focus();
      } else if (e.key === 'Home') {
        e.preventDefault();
        all[0].focus();
      } else if (e.key === 'End') {
        e.preventDefault();
        all[all.length - 1].focus();
      } else if (e.key === 'Tab') {
        onTab();
      }
    });
  }

  function openUserMenu() {
    if (!menuButton) return;
    const menu = config.userMenu === '9' ? buildMenu9() : buildMenu11();
    const list = menu.matches('[role=menu]') ? menu : menu.querySelector('[role=menu]');
    addMenuKeys(list, closeUserMenu);
    menuButton.parentElement.append(menu);
    menuButton.setAttribute('aria-expanded', 'true');
    if (config.userMenu !== '9') menuButton.setAttribute('aria-hidden', 'true');
    openMenu = menu;
    list.querySelector('[role=menuitem]').focus();
  }

  function closeUserMenu() {
    if (!openMenu) return;
    openMenu.remove();
    openMenu = null;
    if (menuButton) {
      menuButton.setAttribute('aria-expanded', 'false');
      menuButton.removeAttribute('aria-hidden');
    }
  }

  document.addEventListener('mousedown', (e) => {
    if (openMenu && !openMenu.contains(e.target) && !(menuButton && menuButton.contains(e.target))) closeUserMenu();
    if (openDrawer && !openDrawer.element.contains(e.target) && !openDrawer.toggle.contains(e.target)) closeDrawer(false);
  });

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (openMenu) {
      e.preventDefault();
      closeUserMenu();
      if (menuButton) menuButton.focus();
      return;
    }
    if (modalStack.length > 0) {
      e.preventDefault();
      closeModal(modalStack[modalStack.length - 1]);
      return;
    }
    if (openDrawer) {
      e.preventDefault();
      closeDrawer(true);
    }
  });

  // ---------------------------------------------------------------- mobile view

  // Like Mattermost's web app (MOBILE_SCREEN_WIDTH 768), a window at most 768
  // CSS pixels wide shows the mobile view. There app.css hides the global
  // header and the channel sidebar, and the channel view gets the mobile
  // header nav#navbar. Its toggles open two drawers: the channel sidebar on
  // the left and the main menu #sidebar-menu on the right. The view follows
  // every resize.
  const mobileViewQuery = window.matchMedia('screen and (max-width: 768px)');

  function isMobileView() {
    return mobileViewQuery.matches;
  }

  // channelView contains the parts of the shown channel view that change
  // with the view. It is null on every other page.
  let channelView = null;

  // openDrawer is the open drawer: its element, its toggle button, the class
  // that shows it and an optional onClose.
  let openDrawer = null;

  mobileViewQuery.addEventListener('change', () => {
    closeUserMenu();
    applyViewMode();
    for (const modal of modalStack) {
      if (modal.onViewChange) modal.onViewChange();
    }
  });

  // applyViewMode adds the mobile header and the main menu drawer to the
  // channel view in the mobile view and removes them otherwise, because the
  // web app mounts them only there. The global header stays in the page.
  function applyViewMode() {
    closeDrawer(false);
    const view = channelView;
    if (!view || !view.layout.isConnected) return;
    if (isMobileView() && !view.navbar) {
      view.navbar = mobileHeader(view);
      view.menuDrawer = mainMenuDrawer(view);
      view.layout.prepend(view.navbar);
      view.layout.append(view.menuDrawer);
    } else if (!isMobileView() && view.navbar) {
      view.navbar.remove();
      view.menuDrawer.remove();
      view.navbar = null;
      view.menuDrawer = null;
    }
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const MENU_ICON = 'M3 6h18v2H3zM3 11h18v2H3zM3 16h18v2H3z';
  const INFO_ICON = 'M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20zM12 4a8 8 0 1 1 0 16a8 8 0 1 1 0-16zM11 10h2v7h-2zM11 7h2v2h-2z';
  const SEARCH_ICON = 'M10 3a7 7 0 1 0 0 14a7 7 0 1 0 0-14zM10 5a5 5 0 1 1 0 10a5 5 0 1 1 0-10zM14.6 16l1.4-1.4l5 5l-1.4 1.4z';

  // svgIcon draws a 24x24 icon from path data. A label names the icon as an
  // image, as the web app's Menu Icon does. Without one, the icon is hidden
  // from assistive technology.
  function svgIcon(pathData, label) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('width', '20');
    svg.setAttribute('height', '20');
    svg.setAttribute('viewBox', '0 0 24 24');
    if (label) {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', label);
    } else {
      svg.setAttribute('aria-hidden', 'true');
    }
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', pathData);
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('fill-rule', 'evenodd');
    svg.append(path);
    return h('span', { class: 'icon-svg' }, svg);
  }

  // mobileHeader builds nav#navbar: the sidebar toggle, the channel name,
  // Info, Search and the main menu toggle. Each toggle's name ends with its
  // icon's label, "Menu Icon", after its hidden text.
  function mobileHeader(view) {
    view.sidebarToggle = h('button', {
      type: 'button', class: 'navbar-toggle', 'aria-controls': 'SidebarContainer', 'aria-expanded': 'false',
      on: { click: toggleSidebarDrawer },
    }, h('span', { class: 'sr-only', text: 'Toggle sidebar' }), svgIcon(MENU_ICON, 'Menu Icon'));
    view.menuToggle = h('button', {
      type: 'button', class: 'navbar-toggle navbar-right__icon menu-toggle pull-right',
      'aria-controls': 'sidebar-menu', 'aria-expanded': 'false',
      on: { click: toggleMainMenuDrawer },
    }, h('span', { class: 'sr-only', text: 'Toggle right sidebar' }), svgIcon(MENU_ICON, 'Menu Icon'));

    // NOTE: mmlite has no right-hand sidebar, where the web app shows channel
    // info and search, so Info and Search do nothing.
    const infoButton = h('button', {
      id: 'channel-info-btn', type: 'button', class: 'navbar-toggle navbar-right__icon navbar-info-button pull-right',
      'aria-label': 'Info',
    }, svgIcon(INFO_ICON, null));
    const searchButton = h('button', {
      type: 'button', class: 'navbar-toggle navbar-right__icon navbar-search pull-right', 'aria-label': 'Search',
    }, svgIcon(SEARCH_ICON, null));

    return h('nav', { id: 'navbar', class: 'navbar navbar-default navbar-fixed-top', 'aria-label': 'Channel header' },
      h('div', { class: 'container-fluid theme' },
        h('div', { class: 'navbar-header' },
          view.sidebarToggle,
          h('div', { class: 'navbar-brand' }, h('span', { class: 'heading', text: view.channelTitle })),
          infoButton,
          searchButton,
          view.menuToggle)));
  }

  // mainMenuDrawer builds div#sidebar-menu with the team's name. The menu
  // itself is added only while the drawer is open, as in the web app.
  function mainMenuDrawer(view) {
    view.menuContainer = h('div', { class: 'nav-pills__container mobile-main-menu' });
    const teamPath = '/' + view.team.name + '/channels/town-square';
    return h('div', { id: 'sidebar-menu', class: 'sidebar--menu' },
      h('div', { class: 'team__header theme' },
        h('a', {
          class: 'team__name', href: teamPath,
          on: { click: (e) => { e.preventDefault(); closeDrawer(false); navigate(teamPath); } },
        }, view.team.display_name)),
      view.menuContainer);
  }

  // dialogButton is the button inside a menu item that opens a dialog. Like
  // the web app's, its name is the item's text with " dialog" added.
  function dialogButton(text) {
    return h('button', { type: 'button', class: 'style--none', tabindex: '-1', 'aria-label': text + ' dialog' }, text);
  }

  // mainMenu builds the drawer's menu, "main menu". Mattermost 10 and later
  // start it with the statuses and "Set custom status"; 9.x has neither.
  function mainMenu() {
    const choose = (action) => () => {
      closeDrawer(true);
      action();
    };
    const separator = () => h('li', { role: 'separator', class: 'menu-divider' });
    const items = [];
    if (config.userMenu !== '9') {
      items.push(
        ...statuses.map((s) => menuItem(
          [h('span', { class: 'status-dot status-dot--inline status-dot--' + s.value, 'aria-hidden': 'true' }), s.text],
          choose(() => setStatus(s.value)))),
        menuItem('Set custom status', choose(openCustomStatusModal)),
        separator());
    }
    // NOTE: the web app shows Recent Mentions and Saved messages in the
    // right-hand sidebar, which mmlite lacks, so these two only close the drawer.
    items.push(
      menuItem('Recent Mentions', choose(() => {}), { id: 'recentMentions' }),
      menuItem('Saved messages', choose(() => {}), { id: 'flaggedPosts' }),
      separator(),
      menuItem(dialogButton('Profile'), choose(openProfileModal), { id: 'profileSettings' }),
      menuItem(dialogButton('Settings'), choose(openSettingsModal), { id: 'accountSettings' }),
      separator(),
      menuItem('Log Out', choose(logOut), { id: 'logout' }));
    const list = h('ul', { role: 'menu', 'aria-label': 'main menu', class: 'dropdown-menu__list' }, items);
    addMenuKeys(list, () => closeDrawer(false));
    return list;
  }

  function toggleSidebarDrawer() {
    const view = channelView;
    if (!view) return;
    const wasOpen = openDrawer !== null && openDrawer.element === view.sidebar;
    closeDrawer(wasOpen);
    if (wasOpen) return;
    showDrawer({ element: view.sidebar, toggle: view.sidebarToggle, openClass: 'move--right' });
    const link = view.sidebar.querySelector('a');
    if (link) link.focus();
  }

  function toggleMainMenuDrawer() {
    const view = channelView;
    if (!view) return;
    const wasOpen = openDrawer !== null && openDrawer.element === view.menuDrawer;
    closeDrawer(wasOpen);
    if (wasOpen) return;
    const menu = mainMenu();
    view.menuContainer.replaceChildren(menu);
    showDrawer({
      element: view.menuDrawer, toggle: view.menuToggle, openClass: 'move--left',
      onClose: () => view.menuContainer.replaceChildren(),
    });
    menu.querySelector('[role=menuitem]').focus();
  }

  function showDrawer(drawer) {
    drawer.element.classList.add(drawer.openClass);
    drawer.toggle.setAttribute('aria-expanded', 'true');
    openDrawer = drawer;
  }

  // closeDrawer closes the open drawer, if any, and moves the focus back to
  // its toggle when returnFocus is true.
  function closeDrawer(returnFocus) {
    if (!openDrawer) return;
    const drawer = openDrawer;
    openDrawer = null;
    drawer.element.classList.remove(drawer.openClass);
    drawer.toggle.setAttribute('aria-expanded', 'false');
    if (drawer.onClose) drawer.onClose();
    if (returnFocus && drawer.toggle.isConnected) drawer.toggle.focus();
  }

  // ---------------------------------------------------------------- modals

  const modalStack = [];

  // openModal shows a Bootstrap-style modal. options: id, labelledBy, title,
  // titleID, className (of .modal), dialogClassName (of .modal-dialog), large,
  // body (nodes), onClose.
  function openModal(options) {
    const titleID = options.titleID || options.id + 'Label';
    const closeButton = h('button', {
      type: 'button', class: 'close', 'aria-label': 'Close', on: { click: () => closeModal(modal) },
    }, h('span', { 'aria-hidden': 'true' }, '×'));
    const content = h('div', { class: 'modal-content' },
      h('div', { class: 'modal-header' },
        h('h1', { id: titleID, class: 'modal-title', text: options.title }),
        closeButton),
      h('div', { class: 'modal-body' }, options.body));
    const modal = h('div', {
      id: options.id, class: 'modal ' + (options.className || ''), role: 'dialog', 'aria-modal': 'true',
      'aria-labelledby': options.labelledBy || titleID, tabindex: '-1',
      on: { mousedown: (e) => { if (e.target === modal) closeModal(modal); } },
    }, h('div', { class: ['modal-dialog', options.large ? 'modal-lg' : '', options.dialogClassName || ''].join(' ').trim() }, content));
    modal.returnFocus = document.activeElement;
    modal.onClose = options.onClose;
    modal.content = content;
    const backdrop = h('div', { class: 'modal-backdrop' });
    modal.backdrop = backdrop;
    // Like react-bootstrap, hide everything else, including a modal beneath,
    // from assistive technology while this modal is open.
    modal.hiddenSiblings = Array.from(document.body.children).filter((el) => el.getAttribute('aria-hidden') !== 'true');
    for (const el of modal.hiddenSiblings) el.setAttribute('aria-hidden', 'true');
    document.body.append(backdrop, modal);
    modalStack.push(modal);
    closeButton.focus();
    return modal;
  }

  function closeModal(modal) {
    const index = modalStack.indexOf(modal);
    if (index < 0) return;
    modalStack.splice(index, 1);
    modal.backdrop.remove();
    modal.remove();
    for (const el of modal.hiddenSiblings) el.removeAttribute('aria-hidden');
    if (modal.onClose) modal.onClose();
    if (modal.returnFocus && document.contains(modal.returnFocus)) modal.returnFocus.focus();
  }

  function closeAllModals() {
    while (modalStack.length > 0) closeModal(modalStack[modalStack.length - 1]);
  }

  function openCustomStatusModal() {
    const input = h('input', {
      id: 'customStatusInput', type: 'text', class: 'form-control', maxlength: '100',
      placeholder: "What's your status?", 'aria-label': "What's your status?",
    });
    const modal = openModal({
      id: 'custom_status_modal', title: 'Set a status',
      body: [
        input,
        h('div', { class: 'modal-actions' },
          h('button', { type: 'button', class: 'btn btn-tertiary', on: { click: () => closeModal(modal) } }, 'Cancel'),
          h('button', { type: 'button', class: 'btn btn-primary', on: { click: () => closeModal(modal) } }, 'Set Status')),
      ],
    });
    input.focus();
  }

  // ---------------------------------------------------------------- Profile and Settings

  // openUserSettingsModal opens #accountSettingsModal, the dialog behind both
  // "Profile" and "Settings": a vertical tab list next to the selected tab's
  // panel. In the mobile view only the tab list shows at first. Choosing a
  // tab adds display--content to the dialog, so the panel shows in place of
  // the tab list and the dialog's header, with a header of its own (Close,
  // Back, the tab's title). Back removes the class and leaves no tab
  // selected, as the web app does.
  // options: title (the dialog's name), tabListLabel, tabs (name, label,
  // title, icon, testID, content) and firstTab.
  function openUserSettingsModal(options) {
    const { title, tabs } = options;
    let modal = null;
    let activeTab = null;
    const panel = h('div', { class: 'settings-content minimize-settings' });
    const buttons = new Map();
    const items = tabs.map((tab) => {
      const button = h('button', {
        id: tab.name + 'Button', type: 'button', role: 'tab', class: 'nav-pills__tab', 'aria-label': tab.label.toLowerCase(),
        'aria-controls': tab.name + 'Settings', 'data-testid': tab.testID,
        on: { click: () => chooseTab(tab) },
      }, h('i', { class: 'icon ' + tab.icon, 'aria-hidden': 'true' }), tab.label);
      buttons.set(tab, button);
      return h('li', { id: tab.name + 'Li', role: 'presentation' }, button);
    });

    // In the mobile view the tab list is a list of choices, so every tab is
    // in the Tab order. Otherwise only the selected tab is.
    const updateTabIndexes = () => {
      tabs.forEach((tab, i) => {
        const reachable = tab === activeTab || (activeTab === null && i === 0) || isMobileView();
        buttons.get(tab).setAttribute('tabindex', reachable ? '0' : '-1');
      });
    };

    const select = (tab) => {
      activeTab = tab;
      for (const [t, button] of buttons) {
        button.setAttribute('aria-selected', String(t === tab));
        button.classList.toggle('active', t === tab);
        button.parentElement.classList.toggle('active', t === tab);
      }
      updateTabIndexes();
      panel.replaceChildren(...(tab ? [settingsPanel(tab)] : []));
    };

    const dialog = () => modal.querySelector('.modal-dialog');

    function chooseTab(tab) {
      select(tab);
      dialog().classList.add('display--content');
      if (isMobileView()) panel.querySelector('.modal-back').focus();
    }

    function collapse() {
      const previous = activeTab;
      dialog().classList.remove('display--content');
      select(null);
      if (previous) buttons.get(previous).focus();
    }

    function settingsPanel(tab) {
      return h('div', { id: tab.name + 'Settings', role: 'tabpanel', 'aria-labelledby': tab.name + 'Button' },
        h('div', { class: 'modal-header' },
          h('button', { type: 'button', class: 'modal-back', 'aria-label': 'Back', on: { click: collapse } },
            h('i', { class: 'fa fa-angle-left', title: 'Collapse Icon' })),
          h('h2', { class: 'modal-title', text: tab.title }),
          h('button', {
            id: 'closeButton', type: 'button', class: 'close', 'aria-label': 'Close', on: { click: () => closeModal(modal) },
          }, h('span', { 'aria-hidden': 'true' }, '×'))),
        h('div', { class: 'user-settings' },
          h('h3', { class: 'tab-header', text: tab.title }),
          tab.content()));
    }

    const tabList = h('ul', {
      id: 'tabList', class: 'nav nav-pills nav-stacked', role: 'tablist', 'aria-label': options.tabListLabel,
      'aria-orientation': 'vertical',
      on: {
        keydown: (e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          e.preventDefault();
          const all = Array.from(buttons.values());
          const step = e.key === 'ArrowDown' ? 1 : all.length - 1;
          const index = all.indexOf(document.activeElement);
          const next = tabs[(Math.max(index, 0) + step) % all.length];
          buttons.get(next).focus();
          select(next);
        },
      },
    }, items);
    select(options.firstTab);

    modal = openModal({
      id: 'accountSettingsModal', title, titleID: 'genericModalLabel', dialogClassName: 'settings-modal', large: true,
      body: h('div', { class: 'settings-table' }, h('div', { class: 'settings-links' }, tabList), panel),
    });
    modal.onViewChange = updateTabIndexes;
    return modal;
  }

  function openProfileModal() {
    const me = state.me;
    const tabs = [
      { name: 'profile', label: 'Profile', title: 'Profile Settings', icon: 'icon-account-outline', content: () => profileRows(me) },
      {
        name: 'security', label: 'Security', title: 'Security Settings', icon: 'icon-lock-outline',
        testID: 'security-tab-button', content: securityRows,
      },
    ];
    openUserSettingsModal({ title: 'Profile', tabListLabel: 'Profile settings', tabs, firstTab: tabs[0] });
  }

  // openSettingsModal opens "Settings", the same dialog with the display and
  // notification preferences. mmlite shows their defaults and saves nothing.
  function openSettingsModal() {
    const tabs = [
      {
        name: 'notifications', label: 'Notifications', title: 'Notifications', icon: 'icon-bell-outline',
        content: () => [
          settingRow('Desktop and mobile notifications', 'Mentions, direct messages, and group messages'),
          settingRow('Email notifications', 'Immediately'),
        ],
      },
      {
        name: 'display', label: 'Display', title: 'Display Settings', icon: 'icon-eye-outline',
        content: () => [settingRow('Theme', 'Denim'), settingRow('Clock Display', '12-hour clock (example: 4:00 PM)')],
      },
      {
        name: 'sidebar', label: 'Sidebar', title: 'Sidebar Settings', icon: 'icon-dock-left',
        content: () => [settingRow('Group unread channels separately', 'Off')],
      },
      {
        name: 'advanced', label: 'Advanced', title: 'Advanced Settings', icon: 'icon-tune',
        content: () => [settingRow('Send Messages on CTRL+ENTER', 'Off')],
      },
    ];
    openUserSettingsModal({ title: 'Settings', tabListLabel: 'Settings categories', tabs, firstTab: tabs[0] });
  }

  function settingRow(title, value) {
    return h('div', { class: 'section-min' },
      h('h4', { class: 'section-min__title', text: title }),
      h('p', { class: 'section-min__describe', text: value }));
  }

  function profileRows(me) {
    const fullName = [me.first_name, me.last_name].filter(Boolean).join(' ');
    return [
      settingRow('Full Name', fullName || "Click 'Edit' to add your full name"),
      settingRow('Username', me.username),
      settingRow('Nickname', me.nickname || "Click 'Edit' to add a nickname"),
      settingRow('Email', me.email),
    ];
  }

  function securityRows() {
    return [
      settingRow('Password', 'Last updated when your account was created'),
      h('div', { class: 'security-links' },
        h('button', {
          id: 'viewAndLogOutOfActiveSessions', type: 'button', class: 'security-links__button',
          on: { click: () => openActivityLogModal() },
        }, h('i', { class: 'icon icon-clock-outline', 'aria-hidden': 'true' }), 'View and Log Out of Active Sessions'),
        h('button', {
          id: 'viewAccessHistory', type: 'button', class: 'security-links__button',
          on: { click: () => openAccessHistoryModal() },
        }, h('i', { class: 'icon icon-history', 'aria-hidden': 'true' }), 'View Access History')),
    ];
  }

  function openAccessHistoryModal() {
    openModal({
      id: 'accessHistoryModal', title: 'Access History', large: true,
      body: h('p', { class: 'access-history__empty', text: 'No access history is recorded on this server.' }),
    });
  }

  // ---------------------------------------------------------------- Active Sessions

  // formatDateTime formats like "December 04, 2026, 03:19 PM" (en-US).
  function formatDateTime(ms) {
    const date = new Date(ms);
    const day = date.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: '2-digit' });
    const time = date.toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });
    return day + ', ' + time;
  }

  // sessionLabel is the web app's label rule: apple device id, android device
  // id, Android os, Desktop App browser, else the platform.
  function sessionLabel(session) {
    const deviceID = session.device_id || '';
    const props = session.props || {};
    const os = props.os || '';
    const browser = props.browser || '';
    const platform = props.platform || '';

    if (fault('mobile-app-labelled-as-desktop-app') && browser.includes('Desktop App')) return 'Native Desktop App';
    if (deviceID.includes('apple')) {
      if (fault('native-app-labelled-as-classic')) return 'iPhone Native Classic App';
      if (fault('classic-app-labelled-as-native')) return 'iPhone Native App';
      return deviceID.includes('apple_rn') ? 'iPhone Native App' : 'iPhone Native Classic App';
    }
    if (deviceID.includes('android') && !fault('android-labelled-as-linux')) {
      if (fault('native-app-labelled-as-classic')) return 'Android Native Classic App';
      if (fault('classic-app-labelled-as-native')) return 'Android Native App';
      return deviceID.includes('android_rn') ? 'Android Native App' : 'Android Native Classic App';
    }
    if (os.includes('Android') && !fault('android-labelled-as-linux')) return 'Android';
    if (browser.includes('Desktop App') && !fault('desktop-app-labelled-as-os')) return 'Native Desktop App';
    if (platform === 'Macintosh' && fault('macintosh-labelled-as-windows')) return 'Windows';
    return platform;
  }

  // deviceIcon returns the Font Awesome class and title of a session's icon.
  function deviceIcon(session) {
    const deviceID = session.device_id || '';
    const props = session.props || {};
    const platform = props.platform || '';
    const os = props.os || '';
    if (deviceID.includes('apple')) return ['fa-apple', 'Apple Icon'];
    if (deviceID.includes('android')) return ['fa-android', 'Android Icon'];
    if (platform === 'Windows') return ['fa-windows', 'Windows Icon'];
    if (platform === 'Macintosh' || platform === 'iPhone') return ['fa-apple', 'Apple Icon'];
    if (os.includes('Android')) return ['fa-android', 'Android Icon'];
    if (platform === 'Linux' || os.includes('Linux')) return ['fa-linux', 'Linux Icon'];
    return ['fa-question', 'Unknown'];
  }

  function deviceIconElement(session) {
    if (fault('device-icon-missing')) return null;
    const [className, title] = deviceIcon(session);
    if (fault('icon-announced-as-blank-image')) return h('i', { class: 'fa ' + className, role: 'img' });
    return h('i', { class: 'fa ' + className, title });
  }

  function moreInfoLines(session) {
    const props = session.props || {};
    const lines = [];
    const firstActive = fault('more-info-invalid-date') ? formatDateTime(session.create_at_ms) : formatDateTime(session.create_at);
    lines.push(h('div', null, 'First time active: ' + firstActive));
    if (!fault('more-info-missing-os')) {
      lines.push(h('div', null, 'OS: ' + (fault('more-info-empty-os') ? '' : props.os)));
    }
    lines.push(h('div', null, 'Browser: ' + (fault('more-info-undefined-browser') ? props.browser_name : props.browser)));
    lines.push(h('div', null, 'Session ID: ' + (fault('more-info-null-session-id') ? null : session.id)));
    return lines;
  }

  // activityEntry renders one session. expanded is the set of session ids whose
  // More info was opened: like the web app's per-entry state, it survives a
  // reload of the list.
  function activityEntry(session, onLogOut, expanded) {
    const lastActivity = fault('more-info-nan-last-activity')
      ? String(Number(session.last_activity))
      : formatDateTime(session.last_activity_at);
    const moreInfo = h('div', { class: 'report__more-info' });
    const link = h('a', {
      href: '#', class: 'theme',
      on: {
        click: (e) => {
          e.preventDefault();
          if (fault('more-info-does-nothing')) return;
          expanded.add(session.id);
          moreInfo.replaceChildren(...moreInfoLines(session));
        },
      },
    }, 'More info');
    if (expanded.has(session.id)) moreInfo.append(...moreInfoLines(session));
    else moreInfo.append(link);

    const logOutButton = fault('log-out-button-without-name')
      ? h('button', { type: 'button', class: 'btn btn-primary' }, h('span', { 'aria-hidden': 'true' }, 'Log Out'))
      : h('button', { type: 'button', class: 'btn btn-primary' }, 'Log Out');
    logOutButton.addEventListener('click', (e) => onLogOut(session, e));

    return h('div', { class: 'activity-log__table' },
      h('div', { class: 'activity-log__report' },
        h('div', { class: 'report__platform' }, deviceIconElement(session), sessionLabel(session)),
        h('div', { class: 'report__info' },
          h('div', null, 'Last activity: ' + lastActivity),
          moreInfo)),
      h('div', { class: 'activity-log__action' }, logOutButton));
  }

  // staleSessions is the last list the modal loaded, which the
  // reopened-list-is-stale fault shows again instead of asking the server.
  let staleSessions = null;

  function openActivityLogModal() {
    const me = state.me;
    const list = h('div', { class: 'activity-log__list', 'aria-busy': 'true' }, loadingView());
    let sessions = [];
    let open = true;
    const expanded = new Set();

    const renderList = (items) => {
      list.removeAttribute('aria-busy');
      const shown = fault('sessions-list-capped') ? items.slice(0, 5) : items;
      list.replaceChildren(...shown.map((s) => activityEntry(s, logOutSession, expanded)));
    };

    const load = async () => {
      try {
        let result;
        if (fault('reopened-list-is-stale') && staleSessions) {
          result = staleSessions;
        } else {
          result = await api('GET', '/users/' + me.id + '/sessions');
          staleSessions = result;
        }
        if (!open) return;
        sessions = result.slice().sort((a, b) => (b.last_activity_at - a.last_activity_at) || (b.create_at - a.create_at));
        renderList(sessions);
      } catch (err) {
        if (!open) return;
        if (err instanceof APIError && err.status === 401) {
          if (fault('current-revoke-stays-signed-in')) {
            sessions = [];
            renderList(sessions);
            return;
          }
          sessionExpired();
          return;
        }
        list.removeAttribute('aria-busy');
        list.replaceChildren(h('div', { class: 'alert alert-danger', role: 'alert' },
          'Unable to load the sessions (' + err.status + '): ' + err.message));
      }
    };

    const logOutSession = async (session, event) => {
      if (fault('log-out-does-nothing')) return;
      const content = event.currentTarget.closest('.modal-content');
      if (content) {
        content.classList.add('animation--highlight');
        setTimeout(() => content.classList.remove('animation--highlight'), 1500);
      }
      try {
        if (fault('log-out-revokes-every-session')) {
          await appAPI('POST', '/users/' + me.id + '/sessions/revoke/all');
        } else {
          await appAPI('POST', '/users/' + me.id + '/sessions/revoke', { session_id: session.id });
        }
      } catch (err) {
        if (!(err instanceof APIError) || err.status !== 401) {
          list.prepend(h('div', { class: 'alert alert-danger', role: 'alert' }, 'Unable to log out of the session: ' + err.message));
        }
        return;
      }
      if (!open) return;
      if (fault('revoked-entry-stays')) {
        renderList(sessions);
        return;
      }
      await load();
    };

    const modal = openModal({
      id: 'activityLogModal', title: 'Active Sessions', className: 'activity-log-modal', large: true,
      labelledBy: 'activityLogModalLabel',
      titleID: fault('modal-without-name') ? 'genericModalLabel' : 'activityLogModalLabel',
      onClose: () => { open = false; },
      body: [
        h('p', {
          class: 'session-help-text',
          text: "Sessions are created when you log in through a new browser on a device. Sessions let you use Mattermost without having to log in again for a time period specified by the system admin. To end the session sooner, use the 'Log Out' button.",
        }),
        list,
      ],
    });
    if (fault('low-contrast-text')) modal.classList.add('activity-log-modal--low-contrast');
    if (fault('console-error-on-open')) console.error('ActivityLogModal: failed to render the session list');
    if (fault('page-error-on-open')) {
      setTimeout(() => {
        throw new TypeError("Cannot read properties of undefined (reading 'props')");
      }, 0);
    }
    load();
  }

  // ---------------------------------------------------------------- start

  render();
})();
