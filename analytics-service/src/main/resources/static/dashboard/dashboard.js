/*
 * The analytics dashboard: plain JavaScript over the reports API, charts by ECharts. The URL holds the filters (a link
 * can be shared, the back button works); the language comes from ?lang=, then the last choice made here, then the
 * browser's Accept-Language (as /api/v1/dashboard/settings read it). <main data-status> says loading, ready or error.
 */
'use strict';
(function () {
  const LANG_STORE = 'closedloop.dashboard.lang';
  const PAGE_SIZE = 50;
  const REPORTS = '/api/v1/reports/';

  let settings;
  let messages;
  let lang;
  let state;
  /** the last answer of every report, so that a language switch redraws without asking again */
  const data = {};
  const charts = {};
  let drill = null;
  let following = null;

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- texts

  function t(key, params) {
    if (!messages) {
      return key;
    }
    const text = (messages[lang] && messages[lang][key]) || messages['zh-CN'][key] || key;
    return text.replace(/\{(\w+)\}/g, (all, name) => (params && params[name] != null ? String(params[name]) : all));
  }

  /** A value as people read it: codes (channels, statuses, clocks) translated, a missing value as (none). */
  function valueLabel(dimension, value) {
    if (value === settings.noneValue || value == null) {
      return t('value.none');
    }
    const key = 'value.' + dimension + '.' + value;
    return messages[lang][key] || value;
  }

  function chooseLanguage() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked) {
      const chosen = normalise(asked);
      localStorage.setItem(LANG_STORE, chosen);
      return chosen;
    }
    return normalise(localStorage.getItem(LANG_STORE) || settings.language);
  }

  function normalise(tag) {
    return String(tag).toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => {
      el.textContent = t(el.dataset.i18n);
    });
    document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
      el.placeholder = t(el.dataset.i18nPlaceholder);
    });
    document.querySelectorAll('a.csv').forEach((a) => {
      a.title = t('csv.title');
    });
    document.title = t('title');
  }

  function switchLanguage() {
    lang = lang === 'en' ? 'zh-CN' : 'en';
    localStorage.setItem(LANG_STORE, lang);
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', lang);
      history.replaceState(null, '', url);
    }
    applyLanguage();
    fillTrendBy();
    renderAll();
  }

  // ---------------------------------------------------------------- state in the URL

  function readState() {
    const q = new URLSearchParams(location.search);
    const s = {
      from: q.get('from') || '', to: q.get('to') || '', asOf: q.get('asOf') || '',
      bucket: settings.buckets.includes(q.get('bucket')) ? q.get('bucket') : settings.defaultBucket,
      trendBy: q.has('trendBy') ? q.get('trendBy') : settings.defaultTrendBy,
      day: q.get('day') || '', dims: {},
    };
    settings.dimensions.forEach((d) => {
      if (q.get(d)) {
        s.dims[d] = q.get(d);
      }
    });
    return s;
  }

  /** The page's own query: what the user chose, as they chose it (to is inclusive here). */
  function pageQuery(s) {
    const q = new URLSearchParams();
    const urlLang = new URLSearchParams(location.search).get('lang');
    if (urlLang) {
      q.set('lang', urlLang);
    }
    ['from', 'to', 'asOf', 'day'].forEach((k) => s[k] && q.set(k, s[k]));
    if (s.bucket !== settings.defaultBucket) {
      q.set('bucket', s.bucket);
    }
    if (s.trendBy !== settings.defaultTrendBy) {
      q.set('trendBy', s.trendBy);
    }
    Object.entries(s.dims).forEach(([d, v]) => q.set(d, v));
    return q;
  }

  function pushState(s) {
    state = s;
    const q = pageQuery(s).toString();
    history.pushState(null, '', location.pathname + (q ? '?' + q : ''));
  }

  /** The reports' query for the current filters plus {@code extra}: dates are the organisation's (the API reads them so). */
  function apiQuery(extra) {
    const q = new URLSearchParams();
    if (state.from) {
      q.set('from', state.from);
    }
    if (state.to) {
      q.set('to', nextDay(state.to));
    }
    if (state.asOf) {
      q.set('asOf', state.asOf);
    }
    Object.entries(state.dims).forEach(([d, v]) => q.set(d, v));
    Object.entries(extra || {}).forEach(([k, v]) => v != null && q.set(k, v));
    return q;
  }

  function nextDay(date) {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  }

  function reportUrl(name, extra) {
    return REPORTS + name + '?' + apiQuery(extra).toString();
  }

  function csvLink(id, name, extra) {
    const a = $(id);
    a.href = reportUrl(name, Object.assign({}, extra, { format: 'csv' }));
    a.setAttribute('download', name.replace('/', '-') + '.csv');
  }

  // ---------------------------------------------------------------- the form

  function buildFilterInputs() {
    const box = $('dimension-filters');
    settings.filters.forEach((d) => {
      const label = document.createElement('label');
      const span = document.createElement('span');
      span.dataset.i18n = 'dim.' + d;
      const input = document.createElement('input');
      input.id = 'f-' + d;
      input.name = d;
      input.maxLength = 300;
      input.autocomplete = 'off';
      input.dataset.i18nPlaceholder = 'filters.any';
      input.setAttribute('list', 'list-' + d);
      const list = document.createElement('datalist');
      list.id = 'list-' + d;
      label.append(span, input, list);
      box.append(label);
    });
  }

  function fillForm() {
    $('f-from').value = state.from;
    $('f-to').value = state.to;
    $('f-asOf').value = state.asOf;
    $('f-bucket').value = state.bucket;
    settings.filters.forEach((d) => {
      $('f-' + d).value = state.dims[d] || '';
    });
    $('trend-by').value = state.trendBy;
    $('major-day').value = state.day;
  }

  function formState() {
    const s = Object.assign({}, state, {
      from: $('f-from').value, to: $('f-to').value, asOf: $('f-asOf').value, bucket: $('f-bucket').value, dims: {},
    });
    // a filter not shown in the form (e.g. categoryLevel1 from a link) stays until cleared
    Object.entries(state.dims).forEach(([d, v]) => {
      if (!settings.filters.includes(d)) {
        s.dims[d] = v;
      }
    });
    settings.filters.forEach((d) => {
      const v = $('f-' + d).value.trim();
      if (v) {
        s.dims[d] = v;
      }
    });
    return s;
  }

  function buildTrendBy() {
    fillTrendBy();
  }

  function fillTrendBy() {
    const select = $('trend-by');
    const chosen = select.value || (state && state.trendBy) || settings.defaultTrendBy;
    select.replaceChildren();
    const none = new Option(t('trend.byNone'), '');
    select.append(none);
    settings.breakdowns.forEach((d) => select.append(new Option(t('dim.' + d), d)));
    select.value = chosen;
  }

  function buildBreakdownPanels() {
    const box = $('breakdowns');
    settings.breakdowns.forEach((d) => {
      const card = document.createElement('div');
      card.className = 'breakdown';
      card.innerHTML = '<header><h3></h3><a class="csv"></a></header><div class="chart small"></div>';
      card.querySelector('h3').dataset.i18n = 'dim.' + d;
      const a = card.querySelector('a');
      a.id = 'csv-breakdown-' + d;
      a.dataset.i18n = 'csv';
      card.querySelector('.chart').id = 'chart-breakdown-' + d;
      box.append(card);
    });
  }

  // ---------------------------------------------------------------- talking to the service

  async function getJson(url, options) {
    const response = await fetch(url, Object.assign({ headers: { Accept: 'application/json' } }, options));
    const body = response.headers.get('Content-Type') && response.headers.get('Content-Type').includes('json')
      ? await response.json() : await response.text();
    if (!response.ok) {
      const error = new Error((body && body.detail) || response.statusText);
      error.problem = body;
      error.status = response.status;
      throw error;
    }
    return body;
  }

  function showError(error) {
    const box = $('error');
    box.replaceChildren();
    const title = document.createElement('strong');
    title.textContent = t('status.error') + ': ' + error.message;
    box.append(title);
    const problems = (error.problem && error.problem.errors) || [];
    if (problems.length) {
      const list = document.createElement('ul');
      problems.forEach((p) => {
        const li = document.createElement('li');
        li.dataset.field = p.field;
        li.textContent = t('error.field', { field: p.field, reason: p.reason });
        list.append(li);
      });
      box.append(list);
    }
    box.classList.remove('hidden');
  }

  async function loadAll() {
    const main = $('dashboard');
    main.dataset.status = 'loading';
    $('error').classList.add('hidden');
    const banner = $('as-of-banner');
    banner.textContent = state.asOf ? t('asOf.banner', { at: state.asOf.replace('T', ' ') }) : '';
    banner.classList.toggle('hidden', !state.asOf);
    try {
      await Promise.all([loadKpis(), loadTrend(), loadBreakdowns(), loadEfficiency(), loadBreaches(),
        loadHotspots(), loadAlerts(), loadMajor()]);
      main.dataset.status = 'ready';
    } catch (error) {
      main.dataset.status = 'error';
      showError(error);
    }
  }

  async function loadKpis() {
    data.kpis = await getJson(reportUrl('kpis'));
    csvLink('csv-kpis', 'kpis');
    renderKpis();
  }

  async function loadTrend() {
    data.trend = await getJson(reportUrl('trends', { bucket: state.bucket, by: state.trendBy || null }));
    csvLink('csv-trend', 'trends', { bucket: state.bucket, by: state.trendBy || null });
    renderTrend();
  }

  async function loadBreakdowns() {
    data.breakdowns = {};
    await Promise.all(settings.breakdowns.map(async (d) => {
      data.breakdowns[d] = await getJson(reportUrl('breakdown', { by: d, limit: 20 }));
      csvLink('csv-breakdown-' + d, 'breakdown', { by: d, limit: 1000 });
    }));
    renderBreakdowns();
  }

  async function loadEfficiency() {
    data.efficiency = await getJson(reportUrl('efficiency', { bucket: 'all', byDepartment: true }));
    csvLink('csv-efficiency', 'efficiency', { bucket: state.bucket, byDepartment: true });
    renderEfficiency();
  }

  async function loadBreaches() {
    data.breaches = await getJson(reportUrl('breaches'));
    csvLink('csv-breaches', 'breaches');
    renderBreaches();
  }

  async function loadHotspots() {
    data.hotspots = await getJson(reportUrl('hotspots', { limit: 20 }));
    csvLink('csv-hotspots', 'hotspots', { limit: 500 });
    renderHotspots();
  }

  async function loadAlerts() {
    data.alerts = await getJson(reportUrl('hotspots/alerts', { limit: 20 }));
    csvLink('csv-alerts', 'hotspots/alerts', { limit: 1000 });
    renderAlerts();
  }

  async function loadMajor() {
    const day = { date: state.day || null, asOf: state.asOf || null };
    data.major = await getJson(REPORTS + 'major-daily?' + new URLSearchParams(clean(day)).toString());
    $('csv-major').href = REPORTS + 'major-daily?' + new URLSearchParams(clean(Object.assign({ format: 'csv' }, day)));
    $('csv-major').setAttribute('download', 'major-daily.csv');
    renderMajor();
  }

  function clean(object) {
    return Object.fromEntries(Object.entries(object).filter(([, v]) => v != null && v !== ''));
  }

  function renderAll() {
    if (data.kpis) {
      renderKpis();
    }
    if (data.trend) {
      renderTrend();
    }
    if (data.breakdowns) {
      renderBreakdowns();
    }
    if (data.efficiency) {
      renderEfficiency();
    }
    if (data.breaches) {
      renderBreaches();
    }
    if (data.hotspots) {
      renderHotspots();
    }
    if (data.alerts) {
      renderAlerts();
    }
    if (data.major) {
      renderMajor();
    }
    if (data.projection) {
      renderProjection();
    }
    if (drill) {
      renderDrill();
    }
  }

  // ---------------------------------------------------------------- formats

  const dash = '—';
  const percent = (v) => (v == null ? dash : (v * 100).toFixed(1) + '%');
  const hours = (v) => (v == null ? dash : t('unit.hours', { n: v.toFixed(1) }));
  const round2 = (v) => (v == null ? null : Math.round(v * 100) / 100);

  function moment(instant) {
    if (!instant) {
      return dash;
    }
    return new Intl.DateTimeFormat(lang, {
      timeZone: settings.zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
      hour12: false,
    }).format(new Date(instant));
  }

  // ---------------------------------------------------------------- charts

  function chart(id) {
    const el = $(id);
    if (!charts[id]) {
      charts[id] = echarts.init(el, null, { renderer: 'canvas' });
    }
    return charts[id];
  }

  /** A chart's option; no animation, so that what is drawn is final at once (also kinder to phones). */
  function draw(id, option, onClick) {
    const c = chart(id);
    c.setOption(Object.assign({ animation: false, tooltip: { trigger: 'item', confine: true } }, option), true);
    c.off('click');
    if (onClick) {
      c.on('click', onClick);
    }
    return c;
  }

  function empty(text) {
    return { title: { text, left: 'center', top: 'middle', textStyle: { color: '#777', fontSize: 14, fontWeight: 'normal' } } };
  }

  /** Horizontal bars, biggest at the top; the axis holds the raw values (for drill-down), labels are translated. */
  function bars(id, dimension, keys, values, onClick) {
    if (!keys.length) {
      draw(id, empty(t('drill.none')));
      return;
    }
    draw(id, {
      grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category', inverse: true, data: keys,
        axisLabel: { formatter: (v) => truncate(valueLabel(dimension, v), 18) },
      },
      tooltip: { trigger: 'item', confine: true, formatter: (p) => escapeHtml(valueLabel(dimension, keys[p.dataIndex])) + ': ' + p.value },
      series: [{ type: 'bar', data: values, barMaxWidth: 28, label: { show: true, position: 'right' }, cursor: 'pointer' }],
    }, (p) => onClick(keys[p.dataIndex], p));
  }

  function truncate(text, n) {
    return text.length > n ? text.slice(0, n - 1) + '…' : text;
  }

  function escapeHtml(text) {
    const span = document.createElement('span');
    span.textContent = text;
    return span.innerHTML;
  }

  function renderKpis() {
    const k = data.kpis;
    $('kpi-received').textContent = String(k.received);
    $('kpi-open').textContent = String(k.open);
    $('kpi-resolutionRate').textContent = percent(k.resolutionRate);
    $('kpi-resolveMedianHours').textContent = hours(k.resolveMedianHours);
    $('kpi-satisfactionAverage').textContent = k.satisfactionAverage == null ? dash : k.satisfactionAverage.toFixed(1);
    $('kpi-satisfactionAnswers').textContent = t('unit.answers', { n: k.satisfactionAnswers });
    $('kpi-satisfiedShare').textContent = percent(k.satisfiedShare);
    $('kpi-repeatRate').textContent = percent(k.repeatRate);
    $('kpi-reopenRate').textContent = percent(k.reopenRate);
    $('kpi-promiseKeptRate').textContent = percent(k.promiseKeptRate);
    $('kpi-publicPosts').textContent = String(k.publicPosts);
    $('kpi-compensationPaid').textContent = k.compensationPaid.length
      ? k.compensationPaid.map((p) => p.currency + ' ' + Number(p.amount).toFixed(2)).join(' · ') : dash;
    const clocks = k.sla.map((c) => c.clock);
    if (!clocks.length) {
      draw('chart-sla', empty(dash));
      return;
    }
    draw('chart-sla', {
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: clocks, axisLabel: { formatter: (v) => valueLabel('clock', v), interval: 0, rotate: clocks.length > 3 ? 20 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      tooltip: {
        trigger: 'item', confine: true,
        formatter: (p) => { const c = k.sla[p.dataIndex]; return escapeHtml(valueLabel('clock', c.clock)) + ': ' + percent(c.compliance) + ' (' + c.metInTime + '/' + (c.metInTime + c.missed) + ')'; },
      },
      series: [{ type: 'bar', barMaxWidth: 48, data: k.sla.map((c) => (c.compliance == null ? null : round2(c.compliance * 100))), label: { show: true, position: 'top', formatter: '{c}%' } }],
    });
  }

  function renderTrend() {
    const rows = data.trend;
    const by = state.trendBy;
    const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
    const keys = [...new Set(rows.map((r) => r.key))].sort();
    if (!rows.length) {
      draw('chart-trend', empty(t('drill.none')));
      return;
    }
    const count = new Map(rows.map((r) => [r.bucket + '\u0000' + r.key, r.complaints]));
    draw('chart-trend', {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { type: 'scroll', top: 0, formatter: (name) => (by ? valueLabel(by, name) : t('value.all')) },
      tooltip: { trigger: 'axis', confine: true },
      xAxis: { type: 'category', boundaryGap: false, data: buckets },
      yAxis: { type: 'value', minInterval: 1 },
      series: keys.map((key) => ({
        id: key, name: key, type: 'line', stack: 'complaints', areaStyle: { opacity: 0.25 }, symbolSize: 8,
        data: buckets.map((b) => count.get(b + '\u0000' + key) || 0),
      })),
    }, (p) => {
      const key = keys[p.seriesIndex];
      const extra = { bucket: state.bucket, bucketStart: buckets[p.dataIndex] };
      if (by) {
        extra[by] = key;
      }
      openDrill(buckets[p.dataIndex] + (by ? ' · ' + t('dim.' + by) + ' = ' + valueLabel(by, key) : ''), extra);
    });
  }

  function renderBreakdowns() {
    settings.breakdowns.forEach((d) => {
      const rows = data.breakdowns[d] || [];
      bars('chart-breakdown-' + d, d, rows.map((r) => r.key), rows.map((r) => r.complaints),
        (key) => openDrill(t('dim.' + d) + ' = ' + valueLabel(d, key), { [d]: key }));
      if (settings.filters.includes(d)) {
        const list = $('list-' + d);
        list.replaceChildren(...rows.map((r) => new Option(valueLabel(d, r.key), r.key)));
      }
    });
  }

  function renderEfficiency() {
    const rows = data.efficiency;
    const departments = rows.map((r) => r.department);
    if (!rows.length) {
      draw('chart-efficiency', empty(t('drill.none')));
      return;
    }
    const series = [
      ['efficiency.ackMedian', 'acknowledgeMedianHours'], ['efficiency.ackP90', 'acknowledgeP90Hours'],
      ['efficiency.resolveMedian', 'resolveMedianHours'], ['efficiency.resolveP90', 'resolveP90Hours'],
    ].map(([label, field]) => ({ id: field, name: t(label), type: 'bar', data: rows.map((r) => round2(r[field])) }));
    draw('chart-efficiency', {
      grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', confine: true },
      xAxis: { type: 'category', data: departments, axisLabel: { formatter: (v) => truncate(valueLabel('department', v), 12) } },
      yAxis: { type: 'value', name: t('unit.hours', { n: '' }).trim() },
      series,
    }, (p) => openDrill(t('dim.department') + ' = ' + valueLabel('department', departments[p.dataIndex]),
      { department: departments[p.dataIndex] }));
  }

  function renderBreaches() {
    const rows = data.breaches;
    const departments = [...new Set(rows.map((r) => r.department))];
    const clocks = [...new Set(rows.map((r) => r.clock))].sort();
    if (!rows.some((r) => r.missed > 0)) {
      draw('chart-breaches', empty(t('breaches.none')));
      return;
    }
    const missed = new Map(rows.map((r) => [r.department + '\u0000' + r.clock, r]));
    draw('chart-breaches', {
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { type: 'scroll', top: 0, formatter: (name) => valueLabel('clock', name) },
      tooltip: {
        trigger: 'item', confine: true,
        formatter: (p) => {
          const r = missed.get(departments[p.dataIndex] + '\u0000' + clocks[p.seriesIndex]);
          return escapeHtml(valueLabel('department', r.department) + ' · ' + valueLabel('clock', r.clock))
            + '<br>' + r.missed + ' / ' + r.due + ' (' + r.escalations + ')';
        },
      },
      xAxis: { type: 'category', data: departments, axisLabel: { formatter: (v) => truncate(valueLabel('department', v), 12) } },
      yAxis: { type: 'value', minInterval: 1 },
      series: clocks.map((clock) => ({
        id: clock, name: clock, type: 'bar', stack: 'missed',
        data: departments.map((d) => (missed.get(d + '\u0000' + clock) || { missed: 0 }).missed),
      })),
    }, (p) => openDrill(t('dim.department') + ' = ' + valueLabel('department', departments[p.dataIndex]),
      { department: departments[p.dataIndex] }));
  }

  function renderHotspots() {
    const rows = data.hotspots;
    bars('chart-hotspots', 'topic', rows.map((r) => r.topic), rows.map((r) => r.complaints),
      (topic) => openDrill(t('hotspots.title') + ' = ' + topic, { topic }));
  }

  function renderAlerts() {
    const list = $('alerts');
    list.replaceChildren();
    if (!data.alerts.length) {
      const li = document.createElement('li');
      li.textContent = t('alerts.none');
      list.append(li);
      return;
    }
    data.alerts.forEach((a) => {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.dataset.topic = a.topic;
      button.textContent = t('alerts.line', {
        topic: a.topic, observed: a.observed, baseline: a.baseline.toFixed(1), start: moment(a.windowStart),
        end: moment(a.windowEnd),
      });
      button.addEventListener('click', () => openDrill(t('alerts.title') + ' = ' + a.topic, { topic: a.topic }));
      li.append(button);
      list.append(li);
    });
  }

  function renderMajor() {
    complaintTable($('major-received'), data.major.received);
    complaintTable($('major-stillOpen'), data.major.stillOpen);
  }

  const COLUMNS = ['complaintId', 'receivedAt', 'channel', 'category', 'severity', 'department', 'status', 'escalations'];

  function complaintTable(table, rows) {
    table.replaceChildren();
    if (!rows.length) {
      const caption = document.createElement('caption');
      caption.textContent = t('major.none');
      table.append(caption);
      return;
    }
    const head = table.createTHead().insertRow();
    COLUMNS.forEach((c) => {
      const th = document.createElement('th');
      th.textContent = t('col.' + c);
      head.append(th);
    });
    const body = table.createTBody();
    rows.forEach((r) => {
      const tr = body.insertRow();
      tr.dataset.complaint = r.complaintId;
      COLUMNS.forEach((c) => {
        const td = tr.insertCell();
        if (c === 'complaintId') {
          const a = document.createElement('a');
          a.href = '#timeline-box';
          a.className = 'complaint-link';
          a.dataset.complaint = r.complaintId;
          a.textContent = r.complaintId;
          a.addEventListener('click', (e) => {
            e.preventDefault();
            openTimeline(r.complaintId);
          });
          td.append(a);
        } else if (c === 'receivedAt') {
          td.textContent = moment(r.receivedAt);
        } else if (c === 'channel' || c === 'status') {
          td.textContent = valueLabel(c, r[c]);
        } else {
          td.textContent = r[c] == null ? t('value.none') : String(r[c]);
        }
      });
    });
  }

  // ---------------------------------------------------------------- drill-down and timeline

  async function openDrill(what, extra) {
    drill = { what, extra, rows: [], done: false };
    $('timeline-box').classList.add('hidden');
    await moreDrill();
    const box = $('drill');
    box.classList.remove('hidden');
    box.focus();
  }

  async function moreDrill() {
    const current = drill;
    try {
      const page = await getJson(reportUrl('complaints', Object.assign({}, current.extra,
        { limit: PAGE_SIZE, offset: current.rows.length })));
      current.rows = current.rows.concat(page);
      current.done = page.length < PAGE_SIZE;
      if (drill === current) {
        renderDrill();
      }
    } catch (error) {
      showError(error);
    }
  }

  function renderDrill() {
    $('drill-title').textContent = t('drill.title', { what: drill.what });
    $('drill-count').textContent = drill.rows.length ? t('drill.count', { n: drill.rows.length }) : t('drill.none');
    complaintTable($('drill-table'), drill.rows);
    $('drill-more').classList.toggle('hidden', drill.done);
    const csv = $('csv-drill');
    csv.href = reportUrl('complaints', Object.assign({}, drill.extra, { limit: 1000, format: 'csv' }));
    csv.setAttribute('download', 'complaints.csv');
  }

  async function openTimeline(id) {
    try {
      const response = await fetch('/api/v1/complaints/' + encodeURIComponent(id) + '/timeline');
      const text = await response.text();
      if (!response.ok) {
        const error = new Error(response.statusText);
        error.problem = JSON.parse(text);
        throw error;
      }
      $('timeline-title').textContent = t('timeline.title', { id });
      $('timeline-json').href = '/api/v1/complaints/' + encodeURIComponent(id) + '/events';
      $('timeline').textContent = text;
      $('timeline-box').classList.remove('hidden');
      if ($('drill').classList.contains('hidden')) {
        drill = { what: id, extra: { complaintId: id }, rows: [], done: true };
        $('drill-title').textContent = t('timeline.title', { id });
        $('drill-count').textContent = '';
        $('drill-table').replaceChildren();
        $('drill-more').classList.add('hidden');
        $('drill').classList.remove('hidden');
      }
      $('timeline-box').scrollIntoView({ block: 'nearest' });
    } catch (error) {
      showError(error);
    }
  }

  // ---------------------------------------------------------------- projections and rebuild

  async function loadProjection() {
    data.projection = await getJson('/api/v1/projections');
    renderProjection();
    const building = data.projection.generations.find((g) => g.kind === 'live' && g.state === 'building');
    if (building && !following) {
      follow(building.generation);
    }
  }

  function renderProjection() {
    const p = data.projection;
    $('projection-live').textContent = String(p.live);
    $('projection-events').textContent = String(p.eventsInLog);
    $('projection-lastEvent').textContent = moment(p.lastEventAt);
    $('projection-lag').textContent = t('projection.seconds', { n: p.lagSeconds.toFixed(1) });
    $('projection-freshness').textContent = p.freshnessSeconds == null ? dash
      : t('projection.seconds', { n: p.freshnessSeconds.toFixed(1) });
  }

  async function rebuild() {
    $('rebuild').disabled = true;
    try {
      const started = await getJson('/api/v1/projections/rebuilds', { method: 'POST' });
      follow(started.generation);
    } catch (error) {
      if (error.status === 409) {
        $('rebuild-status').textContent = t('projection.running');
        await loadProjection();
      } else {
        $('rebuild').disabled = false;
        showError(error);
      }
    }
  }

  /** Shows a rebuild's progress until it becomes the live generation (then every report is asked again) or fails. */
  function follow(generation) {
    following = generation;
    $('rebuild').disabled = true;
    const bar = $('rebuild-progress');
    bar.classList.remove('hidden');
    const poll = async () => {
      try {
        const g = await getJson('/api/v1/projections/' + generation);
        bar.value = g.progress;
        if (g.state === 'active') {
          $('rebuild-status').textContent = t('projection.switched', { generation });
          finishFollowing();
          await loadProjection();
          await loadAll();
        } else if (g.state === 'failed' || g.state === 'abandoned' || g.state === 'retired') {
          $('rebuild-status').textContent = t('projection.failed', { reason: g.failure || g.state });
          finishFollowing();
        } else {
          $('rebuild-status').textContent = t('projection.rebuilding', { generation, percent: percent(g.progress) });
          setTimeout(poll, 1000);
        }
      } catch (error) {
        finishFollowing();
        showError(error);
      }
    };
    poll();
  }

  function finishFollowing() {
    following = null;
    $('rebuild').disabled = false;
    $('rebuild-progress').classList.add('hidden');
  }

  // ---------------------------------------------------------------- start

  async function start() {
    [settings, messages] = await Promise.all([getJson('/api/v1/dashboard/settings'), getJson('/dashboard/messages.json')]);
    lang = chooseLanguage();
    state = readState();
    buildFilterInputs();
    buildBreakdownPanels();
    buildTrendBy();
    applyLanguage();
    fillForm();

    $('lang-switch').addEventListener('click', switchLanguage);
    $('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      pushState(formState());
      loadAll();
    });
    $('reset').addEventListener('click', () => {
      pushState(Object.assign({}, state, { from: '', to: '', asOf: '', bucket: settings.defaultBucket, dims: {} }));
      fillForm();
      loadAll();
    });
    $('trend-by').addEventListener('change', () => {
      pushState(Object.assign({}, state, { trendBy: $('trend-by').value }));
      loadTrend().catch(showError);
    });
    $('major-day').addEventListener('change', () => {
      pushState(Object.assign({}, state, { day: $('major-day').value }));
      loadMajor().catch(showError);
    });
    $('drill-close').addEventListener('click', () => {
      drill = null;
      $('drill').classList.add('hidden');
    });
    $('drill-more').addEventListener('click', moreDrill);
    $('rebuild').addEventListener('click', rebuild);
    window.addEventListener('popstate', () => {
      state = readState();
      fillForm();
      loadAll();
    });
    window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));

    await Promise.all([loadAll(), loadProjection().catch(showError)]);
  }

  document.addEventListener('DOMContentLoaded', () => {
    start().catch((error) => {
      $('dashboard').dataset.status = 'error';
      showError(error);
    });
  });
})();
