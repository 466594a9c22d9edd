// pages/login.js — log in with e-mail and password; then back to the page the user
// came from (?next=).

import { html, useEffect, useState } from '/vendor/htm-preact.mjs';
import { t } from '../i18n.js';
import { currentSession, logIn } from '../api.js';
import { navigate, safeNext } from '../router.js';
import { useTitle } from '../components.js';
import { LanguageSwitcher } from '../nav.js';

export function LoginPage({ loc }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const next = safeNext(loc.query.get('next'));
  useTitle(t('login.title'));

  useEffect(() => {
    if (currentSession()) navigate(next, { replace: true });
  }, []);

  const onSubmit = async (ev) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (e) {
      setBusy(false);
      setPassword('');
      if (e.status === 401) setError(t('login.error.wrong'));
      else if (e.status === 429) setError(t('login.error.throttled'));
      else if (e.status === 0) setError(t('error.network'));
      else setError(e.detail || t('login.error.other'));
    }
  };

  return html`<article class="login-card">
    <header>
      <h1 tabindex="-1">${t('login.title')}</h1>
      <p>${t('login.intro')}</p>
    </header>
    <form onSubmit=${onSubmit} novalidate>
      ${error && html`<p id="login-error" class="form-error" role="alert">${error}</p>`}
      <label for="login-email">${t('login.email')}</label>
      <input id="login-email" name="email" type="email" autocomplete="username" required
        value=${email} onInput=${(e) => setEmail(e.target.value)}
        aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? 'login-error' : undefined} />
      <label for="login-password">${t('login.password')}</label>
      <input id="login-password" name="password" type="password" autocomplete="current-password" required
        value=${password} onInput=${(e) => setPassword(e.target.value)}
        aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? 'login-error' : undefined} />
      <button type="submit" aria-busy=${busy ? 'true' : undefined} disabled=${busy}>${t('login.submit')}</button>
    </form>
    <footer><${LanguageSwitcher} /></footer>
  </article>`;
}
