// The status page: tracking number + second factor -> where the complaint stands, in the chosen language.
(function () {
  'use strict';
  const Page = window.ClosedLoopPage;
  Page.init({
    zh: {
      'title': '查询投诉进度', 'heading': '查询投诉进度',
      'number.label': '查询编号', 'number.hint': '提交投诉后获得的编号，如 7Q4M-2XD8-K',
      'verifier.label': '验证信息', 'verifier.hint': '您留下的手机号的后四位，或您留下的邮箱地址',
      'submit': '查询', 'searching': '正在查询…',
      'result.number': '查询编号', 'result.subject': '标题', 'result.received': '提交时间', 'result.channel': '提交方式',
      'result.department': '负责部门', 'result.solution': '处理结果', 'result.due': '我们的承诺',
      'result.milestones': '处理记录', 'result.none': '—', 'result.extended': '已延期：',
      'result.pending': '正在安排',
      'error.generic': '查询未成功，请检查标出的内容。', 'error.network': '网络连接失败，请稍后再试。'
    },
    en: {
      'title': 'Check progress', 'heading': 'Check your complaint',
      'number.label': 'Tracking number', 'number.hint': 'The number you got when you complained, e.g. 7Q4M-2XD8-K',
      'verifier.label': 'Verification', 'verifier.hint': 'The last four digits of the phone number you gave, or the email address you gave',
      'submit': 'Check', 'searching': 'Checking…',
      'result.number': 'Tracking number', 'result.subject': 'Subject', 'result.received': 'Received',
      'result.channel': 'Made by', 'result.department': 'Handled by', 'result.solution': 'Solution',
      'result.due': 'What we promised', 'result.milestones': 'What has happened', 'result.none': '—',
      'result.extended': 'Extended: ', 'result.pending': 'Being arranged',
      'error.generic': 'Please check the marked fields.', 'error.network': 'Could not connect. Please try again.'
    }
  });

  const form = document.getElementById('lookup-form');
  const summary = document.getElementById('summary');
  const button = document.getElementById('lookup');
  const result = document.getElementById('result');
  const numberInput = document.getElementById('trackingNumber');
  numberInput.value = new URLSearchParams(location.search).get('number') || '';
  let shown = false;

  function item(parent, text, at, detail) {
    const li = document.createElement('li');
    const strong = document.createElement('strong');
    strong.textContent = text;
    li.appendChild(strong);
    if (at) {
      const time = document.createElement('time');
      time.dateTime = at;
      time.textContent = Page.time(at);
      li.appendChild(time);
    }
    if (detail) {
      const p = document.createElement('div');
      p.className = 'detail';
      p.textContent = detail;
      li.appendChild(p);
    }
    parent.appendChild(li);
  }

  function show(s) {
    document.getElementById('r-number').textContent = s.trackingNumber;
    document.getElementById('r-status').textContent = s.statusText;
    document.getElementById('r-explained').textContent = s.statusExplained;
    document.getElementById('r-subject').textContent = s.subject || Page.t('result.none');
    document.getElementById('r-received').textContent = Page.time(s.receivedAt);
    document.getElementById('r-channel').textContent = s.channel;
    document.getElementById('r-department').textContent = s.department || Page.t('result.pending');
    document.getElementById('r-solution').textContent = s.solution || '';
    document.getElementById('r-solution-card').classList.toggle('hidden', !s.solution);
    const due = document.getElementById('r-due');
    due.replaceChildren();
    (s.dueDates || []).forEach(d => item(due, d.text + ' ' + Page.time(d.dueAt), null,
      d.extended ? Page.t('result.extended') + (d.reason || '') : null));
    document.getElementById('r-due-card').classList.toggle('hidden', !(s.dueDates || []).length);
    const milestones = document.getElementById('r-milestones');
    milestones.replaceChildren();
    (s.milestones || []).forEach(m => item(milestones, m.text, m.at, m.detail));
    result.classList.remove('hidden');
    shown = true;
    result.focus();
  }

  async function lookUp() {
    Page.clearErrors(form);
    summary.textContent = '';
    button.disabled = true;
    button.textContent = Page.t('searching');
    try {
      const answer = await Page.postJson('/api/v1/tracking/lookups', {
        trackingNumber: numberInput.value.trim(), verifier: document.getElementById('verifier').value.trim(),
        language: Page.tag()
      });
      if (answer.status === 200) {
        show(answer.body);
      } else {
        result.classList.add('hidden');
        shown = false;
        Page.showErrors(form, answer.body, summary);
      }
    } catch (e) {
      summary.textContent = Page.t('error.network');
      summary.focus();
    } finally {
      button.disabled = false;
      button.textContent = Page.t('submit');
    }
  }

  form.addEventListener('submit', event => { event.preventDefault(); lookUp(); });
  // the words come from the server in the chosen language: ask again (a successful lookup is not rate-limited)
  Page.onLanguageChange.push(() => { if (shown) { lookUp(); } });
})();
