// Shared by the Closed Loop pages: the zh/en switch, ids, JSON posts, and showing field errors next to fields.
(function () {
  'use strict';
  const STORE = 'closedloop.lang';

  function initialLanguage() {
    const fromUrl = new URLSearchParams(location.search).get('lang');
    const chosen = fromUrl || localStorage.getItem(STORE) || (navigator.language || 'zh');
    return chosen.toLowerCase().startsWith('en') ? 'en' : 'zh';
  }

  const Page = {
    lang: initialLanguage(),
    texts: { zh: {}, en: {} },
    onLanguageChange: [],

    /** The BCP 47 tag recorded with a complaint. */
    tag() { return this.lang === 'zh' ? 'zh-CN' : 'en'; },

    t(key) { return (this.texts[this.lang] && this.texts[this.lang][key]) || key; },

    /** Puts every [data-i18n] text and [data-i18n-placeholder] in the current language. */
    render() {
      document.documentElement.lang = this.tag();
      document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = this.t(el.dataset.i18n); });
      document.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = this.t(el.dataset.i18nPlaceholder); });
      const title = document.querySelector('title[data-i18n]');
      if (title) { document.title = this.t(title.dataset.i18n); }
      const sw = document.getElementById('lang-switch');
      if (sw) {
        sw.textContent = this.lang === 'zh' ? 'English' : '中文';
        sw.setAttribute('lang', this.lang === 'zh' ? 'en' : 'zh-CN');
      }
    },

    setLanguage(lang) {
      this.lang = lang;
      localStorage.setItem(STORE, lang);
      this.render();
      this.onLanguageChange.forEach(f => f(lang));
    },

    init(texts) {
      this.texts = texts;
      const sw = document.getElementById('lang-switch');
      if (sw) { sw.addEventListener('click', () => this.setLanguage(this.lang === 'zh' ? 'en' : 'zh')); }
      this.render();
    },

    /** A random UUID; crypto.randomUUID exists only on https and localhost, getRandomValues everywhere. */
    uuid() {
      const b = crypto.getRandomValues(new Uint8Array(16));
      b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
      const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },

    /** POSTs JSON; resolves to {status, body} whatever the status; rejects only when the network fails. */
    async postJson(url, body, headers) {
      const response = await fetch(url, {
        method: 'POST',
        headers: Object.assign({ 'Content-Type': 'application/json', 'Accept': 'application/json, application/problem+json',
          'Accept-Language': this.tag() }, headers || {}),
        body: JSON.stringify(body)
      });
      let json = null;
      try { json = await response.json(); } catch (e) { json = null; }
      return { status: response.status, body: json };
    },

    /** Clears the errors shown in a form. */
    clearErrors(form) {
      form.querySelectorAll('.error').forEach(el => { el.textContent = ''; });
      form.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
    },

    /**
     * Shows each error of a problem+json next to its field (an element with data-error-for naming the field);
     * errors for fields the page has no place for go to the summary. Focuses the first field in error.
     */
    showErrors(form, problem, summary) {
      const unplaced = [];
      let first = null;
      ((problem && problem.errors) || []).forEach(err => {
        const slot = form.querySelector(`[data-error-for~="${CSS.escape(err.field)}"]`);
        const text = err.message || err.reason;
        if (!slot) { unplaced.push(text); return; }
        slot.textContent = slot.textContent ? slot.textContent + ' ' + text : text;
        const input = slot.dataset.input ? document.getElementById(slot.dataset.input) : null;
        if (input) {
          input.setAttribute('aria-invalid', 'true');
          if (!first) { first = input; }
        }
      });
      if (summary) {
        const lead = (problem && problem.detail) || this.t('error.generic');
        summary.textContent = unplaced.length ? lead + ' ' + unplaced.join(' ') : lead;
      }
      if (first) { first.focus(); } else if (summary) { summary.focus(); }
    },

    /** A time as the reader's clock shows it, in the page's language. */
    time(iso) {
      if (!iso) { return ''; }
      return new Intl.DateTimeFormat(this.tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    }
  };

  window.ClosedLoopPage = Page;
})();
