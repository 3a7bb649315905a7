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

    show(
      notificationBar(),
      h('div', { class: 'app-layout' },
        h('header', { id: 'global-header', class: 'global-header' },
          h('div', { class: 'global-header__product', text: 'Channels' }),
          h('div', { class: 'global-header__right' }, userMenuButton())),
        h('div', { class: 'app-body' },
          h('nav', { id: 'SidebarContainer', class: 'sidebar', 'aria-label': 'Channel sidebar' },
            h('h2', { class: 'sidebar__team-name', text: team.display_name }),
            h('ul', { class: 'sidebar__channels', 'aria-label': 'Channels' }, channelLinks)),
          h('main', { id: 'channel_view', class: 'channel-view', 'aria-label': channelTitle + ' channel' },
            h('div', { class: 'channel-header' }, h('h1', { class: 'channel-header__title', text: channelTitle })),
            h('div', { class: 'post-list' },
              h('h2', { class: 'channel-intro__title', text: 'Beginning of ' + channelTitle }),
              h('p', { class: 'channel-intro__text', text: 'Welcome to ' + channelTitle + '! Post messages here that you want everyone to see.' }))))));
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

  function openUserMenu() {
    if (!menuButton) return;
    const menu = config.userMenu === '9' ? buildMenu9() : buildMenu11();
    const list = menu.matches('[role=menu]') ? menu : menu.querySelector('[role=menu]');
    const menuItems = () => Array.from(list.querySelectorAll('[role=menuitem]'));
    list.addEventListener('keydown', (e) => {
      const all = menuItems();
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
        closeUserMenu();
      }
    });
    menuButton.parentElement.append(menu);
    menuButton.setAttribute('aria-expanded', 'true');
    if (config.userMenu !== '9') menuButton.setAttribute('aria-hidden', 'true');
    openMenu = menu;
    menuItems()[0].focus();
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
    }
  });

  // ---------------------------------------------------------------- modals

  const modalStack = [];

  // openModal shows a Bootstrap-style modal. options: id, labelledBy, title,
  // titleID, className, body (nodes), onClose.
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
    }, h('div', { class: 'modal-dialog' + (options.large ? ' modal-lg' : '') }, content));
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

  // ---------------------------------------------------------------- Profile

  function openProfileModal() {
    const me = state.me;
    const profileTab = h('button', {
      id: 'profileButton', type: 'button', role: 'tab', class: 'nav-pills__tab', 'aria-label': 'profile',
      'aria-controls': 'profileSettings',
    }, h('i', { class: 'icon icon-account-outline', 'aria-hidden': 'true' }), 'Profile');
    const securityTab = h('button', {
      id: 'securityButton', type: 'button', role: 'tab', class: 'nav-pills__tab', 'aria-label': 'security',
      'data-testid': 'security-tab-button', 'aria-controls': 'securitySettings',
    }, h('i', { class: 'icon icon-lock-outline', 'aria-hidden': 'true' }), 'Security');
    const panel = h('div', { class: 'settings-content' });
    const tabs = [profileTab, securityTab];

    const select = (tab) => {
      for (const t of tabs) {
        const selected = t === tab;
        t.setAttribute('aria-selected', String(selected));
        t.setAttribute('tabindex', selected ? '0' : '-1');
        t.classList.toggle('active', selected);
      }
      panel.replaceChildren(tab === profileTab ? profilePanel(me) : securityPanel());
    };
    profileTab.addEventListener('click', () => select(profileTab));
    securityTab.addEventListener('click', () => select(securityTab));
    const tabList = h('div', {
      class: 'settings-links', role: 'tablist', 'aria-label': 'Profile settings', 'aria-orientation': 'vertical',
      on: {
        keydown: (e) => {
          if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
          e.preventDefault();
          const next = tabs[(tabs.indexOf(document.activeElement) + 1) % tabs.length] || tabs[0];
          next.focus();
          select(next);
        },
      },
    }, tabs);
    select(profileTab);

    openModal({
      id: 'accountSettingsModal', title: 'Profile', titleID: 'genericModalLabel', className: 'settings-modal', large: true,
      body: h('div', { class: 'settings-table' }, tabList, panel),
    });
  }

  function settingRow(title, value) {
    return h('div', { class: 'section-min' },
      h('h4', { class: 'section-min__title', text: title }),
      h('p', { class: 'section-min__describe', text: value }));
  }

  function profilePanel(me) {
    const fullName = [me.first_name, me.last_name].filter(Boolean).join(' ');
    return h('div', { id: 'profileSettings', role: 'tabpanel', class: 'user-settings', 'aria-labelledby': 'profileButton' },
      h('h3', { class: 'tab-header', text: 'Profile Settings' }),
      settingRow('Full Name', fullName || "Click 'Edit' to add your full name"),
      settingRow('Username', me.username),
      settingRow('Nickname', me.nickname || "Click 'Edit' to add a nickname"),
      settingRow('Email', me.email));
  }

  function securityPanel() {
    return h('div', { id: 'securitySettings', role: 'tabpanel', class: 'user-settings', 'aria-labelledby': 'securityButton' },
      h('h3', { class: 'tab-header', text: 'Security Settings' }),
      settingRow('Password', 'Last updated when your account was created'),
      h('div', { class: 'security-links' },
        h('button', {
          id: 'viewAndLogOutOfActiveSessions', type: 'button', class: 'security-links__button',
          on: { click: () => openActivityLogModal() },
        }, h('i', { class: 'icon icon-clock-outline', 'aria-hidden': 'true' }), 'View and Log Out of Active Sessions'),
        h('button', {
          id: 'viewAccessHistory', type: 'button', class: 'security-links__button',
          on: { click: () => openAccessHistoryModal() },
        }, h('i', { class: 'icon icon-history', 'aria-hidden': 'true' }), 'View Access History')));
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

  function openActivityLogModal() {
    const me = state.me;
    const list = h('div', { class: 'activity-log__list', 'aria-busy': 'true' }, loadingView());
    let sessions = [];
    let open = true;
    const expanded = new Set();

    const renderList = (items) => {
      list.removeAttribute('aria-busy');
      list.replaceChildren(...items.map((s) => activityEntry(s, logOutSession, expanded)));
    };

    const load = async () => {
      try {
        const result = await api('GET', '/users/' + me.id + '/sessions');
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
        await appAPI('POST', '/users/' + me.id + '/sessions/revoke', { session_id: session.id });
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
