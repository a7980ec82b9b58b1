// The customer complaint form: posts to /api/v1/channels/web/complaints with a formId made once per complaint,
// so a double click or a retry after a network error files one complaint.
(function () {
  'use strict';
  const Page = window.ClosedLoopPage;
  Page.init({
    zh: {
      'title': '提交投诉', 'heading': '提交投诉',
      'intro': '请告诉我们发生了什么。带 * 的为必填项。我们会给您一个查询编号，用它可随时查看处理进度。',
      'text.label': '问题描述 *', 'text.hint': '发生了什么？何时、何地、涉及哪件商品或服务？',
      'subject.label': '标题', 'name.label': '姓名', 'phone.label': '手机号',
      'contact.hint': '手机号和邮箱至少填一项，以便我们联系您；查询进度时也需要。',
      'email.label': '电子邮箱', 'product.label': '商品或服务', 'orderRef.label': '订单号',
      'submit': '提交投诉', 'submitting': '正在提交…',
      'receipt.heading': '提交成功，我们已收到您的投诉。', 'receipt.number': '您的查询编号：',
      'receipt.check': '查询处理进度',
      'receipt.keep': '请记下这个编号。凭它和您留下的手机号后四位（或邮箱）即可随时查询处理进度。', 'receipt.another': '再提交一条投诉',
      'error.generic': '提交未成功，请检查标出的内容。',
      'error.network': '网络连接失败，请稍后再试。重复提交不会产生重复的投诉。'
    },
    en: {
      'title': 'Make a complaint', 'heading': 'Make a complaint',
      'intro': 'Tell us what happened. Fields marked * are required. You will get a tracking number to check progress at any time.',
      'text.label': 'What went wrong? *', 'text.hint': 'What happened, when and where, and which product or service?',
      'subject.label': 'Subject', 'name.label': 'Name', 'phone.label': 'Mobile phone',
      'contact.hint': 'Give a phone number or an email address (or both) so we can reach you; you also need it to check progress.',
      'email.label': 'Email', 'product.label': 'Product or service', 'orderRef.label': 'Order number',
      'submit': 'Send complaint', 'submitting': 'Sending…',
      'receipt.heading': 'Thank you. We have received your complaint.', 'receipt.number': 'Your tracking number:',
      'receipt.check': 'Check progress',
      'receipt.keep': 'Keep this number. With it and the last four digits of your phone number (or your email) you can check progress at any time.', 'receipt.another': 'Make another complaint',
      'error.generic': 'The complaint was not sent. Please check the marked fields.',
      'error.network': 'Could not connect. Please try again; sending again will not create a second complaint.'
    }
  });

  const form = document.getElementById('complaint-form');
  const summary = document.getElementById('summary');
  const button = document.getElementById('submit');
  const receipt = document.getElementById('receipt');
  let formId = Page.uuid();
  let lastReceipt = null;

  function value(id) { return document.getElementById(id).value.trim() || null; }

  function showReceipt(r) {
    lastReceipt = r;
    document.getElementById('tracking-number').textContent = r.trackingNumber;
    document.getElementById('receipt-message').textContent = Page.t('receipt.keep');
    document.getElementById('status-link').href = '/status.html?number=' + encodeURIComponent(r.trackingNumber)
      + '&lang=' + Page.lang;
    form.classList.add('hidden');
    receipt.classList.remove('hidden');
    receipt.focus();
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    Page.clearErrors(form);
    summary.textContent = '';
    button.disabled = true;
    button.textContent = Page.t('submitting');
    try {
      const answer = await Page.postJson('/api/v1/channels/web/complaints', {
        formId, language: Page.tag(), text: value('text'), subject: value('subject'), name: value('name'),
        phone: value('phone'), email: value('email'), product: value('product'), orderRef: value('orderRef')
      });
      if (answer.status === 201 || answer.status === 200) {
        showReceipt(answer.body);
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
    form.reset();
    formId = Page.uuid(); // a new complaint gets a new idempotency key
    lastReceipt = null;
    receipt.classList.add('hidden');
    form.classList.remove('hidden');
    document.getElementById('text').focus();
  });

  Page.onLanguageChange.push(() => {
    if (lastReceipt) { showReceipt(lastReceipt); }
  });
})();
