// The agent form, for call-centre agents (channel phone) and service-desk staff (channel onsite). Each entry gets an
// id once, so saving twice files once. The agent's id and desk are remembered on this device.
(function () {
  'use strict';
  const Page = window.ClosedLoopPage;
  Page.init({
    zh: {
      'title': '坐席投诉登记', 'heading': '坐席投诉登记', 'channel.label': '渠道',
      'channel.phone': '电话（呼叫中心）', 'channel.onsite': '现场服务台', 'agent.label': '坐席工号 *',
      'desk.label': '服务台位置 *', 'callId.label': '通话编号', 'callId.hint': '电话系统中的通话编号；没有可留空',
      'when.phone': '来电时间 *', 'when.onsite': '到访时间 *', 'phone.phone': '来电号码 *', 'phone.onsite': '客户电话',
      'name.label': '客户姓名', 'email.label': '客户邮箱', 'customerId.label': '客户编号', 'language.label': '客户使用的语言',
      'subject.label': '标题', 'text.label': '客户反映的问题 *', 'product.label': '商品或服务', 'orderRef.label': '订单号',
      'recording.label': '录音地址', 'submit': '登记投诉', 'submitting': '正在登记…',
      'receipt.heading': '已登记。', 'receipt.tell': '请告知客户查询编号：', 'receipt.another': '登记下一条',
      'error.generic': '登记未成功，请检查标出的内容。', 'error.network': '网络连接失败，请重试；重复提交不会重复登记。'
    },
    en: {
      'title': 'Agent complaint form', 'heading': 'Agent complaint form', 'channel.label': 'Channel',
      'channel.phone': 'Phone (call centre)', 'channel.onsite': 'On-site service desk', 'agent.label': 'Agent id *',
      'desk.label': 'Desk location *', 'callId.label': 'Call id', 'callId.hint': "The phone system's call id; leave empty if there is none",
      'when.phone': 'Call time *', 'when.onsite': 'Visit time *', 'phone.phone': 'Caller number *', 'phone.onsite': 'Customer phone',
      'name.label': 'Customer name', 'email.label': 'Customer email', 'customerId.label': 'Customer id',
      'language.label': "Customer's language", 'subject.label': 'Subject', 'text.label': 'What the customer says *',
      'product.label': 'Product or service', 'orderRef.label': 'Order number', 'recording.label': 'Recording reference',
      'submit': 'File complaint', 'submitting': 'Filing…', 'receipt.heading': 'Filed.',
      'receipt.tell': 'Tell the customer the tracking number:', 'receipt.another': 'Next complaint',
      'error.generic': 'Not filed. Please check the marked fields.',
      'error.network': 'Could not connect. Try again; saving again will not file twice.'
    }
  });

  const form = document.getElementById('agent-form');
  const summary = document.getElementById('summary');
  const button = document.getElementById('submit');
  const channel = document.getElementById('channel');
  const when = document.getElementById('when');
  let entryId = Page.uuid();

  function localNow() {
    const d = new Date();
    d.setSeconds(0, 0);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  }
  function value(id) { return document.getElementById(id).value.trim() || null; }
  function mode() { return channel.value; }
  function showMode() {
    document.querySelectorAll('.phone-only').forEach(el => el.classList.toggle('hidden', mode() !== 'phone'));
    document.querySelectorAll('.onsite-only').forEach(el => el.classList.toggle('hidden', mode() !== 'onsite'));
  }

  channel.value = new URLSearchParams(location.search).get('channel') === 'onsite' ? 'onsite' : 'phone';
  document.getElementById('agent').value = localStorage.getItem('closedloop.agent') || '';
  document.getElementById('deskLocation').value = localStorage.getItem('closedloop.desk') || '';
  document.getElementById('language').value = Page.tag();
  when.value = localNow();
  channel.addEventListener('change', showMode);
  showMode();

  function payload() {
    const at = value('when') ? new Date(value('when')).toISOString() : null;
    if (mode() === 'phone') {
      return ['/api/v1/channels/phone/calls', {
        callId: value('callId') || 'agent-' + entryId, agent: value('agent'), startedAt: at,
        callerNumber: value('customerPhone'), callerName: value('customerName'), callerEmail: value('customerEmail'),
        customerId: value('customerId'), language: value('language'), subject: value('subject'), notes: value('text'),
        product: value('product'), orderRef: value('orderRef'), recordingRef: value('recordingRef')
      }];
    }
    return ['/api/v1/channels/onsite/visits', {
      visitId: 'desk-' + entryId, agent: value('agent'), deskLocation: value('deskLocation'), visitedAt: at,
      customerPhone: value('customerPhone'), customerName: value('customerName'), customerEmail: value('customerEmail'),
      customerId: value('customerId'), language: value('language'), subject: value('subject'), text: value('text'),
      product: value('product'), orderRef: value('orderRef')
    }];
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    Page.clearErrors(form);
    summary.textContent = '';
    button.disabled = true;
    button.textContent = Page.t('submitting');
    try {
      const [url, body] = payload();
      const answer = await Page.postJson(url, body, { 'X-Channel-Adapter': mode() === 'phone' ? 'agent-form' : 'desk-form' });
      if (answer.status === 201 || answer.status === 200) {
        localStorage.setItem('closedloop.agent', value('agent') || '');
        if (mode() === 'onsite') { localStorage.setItem('closedloop.desk', value('deskLocation') || ''); }
        document.getElementById('tracking-number').textContent = answer.body.trackingNumber;
        form.classList.add('hidden');
        document.getElementById('receipt').classList.remove('hidden');
        document.getElementById('receipt').focus();
      } else {
        Page.showErrors(form, answer.body, summary);
      }
    } catch (e) {
      summary.textContent = Page.t('error.network');
      summary.focus();
    } finally {
      button.disabled = false;
      button.textContent = Page.t('submit');
    }
  });

  document.getElementById('another').addEventListener('click', () => {
    ['callId', 'customerPhone', 'customerName', 'customerEmail', 'customerId', 'subject', 'text', 'product',
      'orderRef', 'recordingRef'].forEach(id => { document.getElementById(id).value = ''; });
    entryId = Page.uuid();
    when.value = localNow();
    document.getElementById('receipt').classList.add('hidden');
    form.classList.remove('hidden');
    document.getElementById('customerPhone').focus();
  });
})();
