// MarginCall dashboard (docs/service.md, "Dashboard"). It reads only the public API (/v1/...) and the event stream
// (/v1/stream) with a Reader key, so it shows nothing a client of the API could not see. Figures arrive as integers in
// the wire contract's units (quote quantums, price units, base quantums, ppm); they are shown in human units with the
// venue's decimals by string arithmetic on the exact integer (BigInt when a value does not fit a double), never by
// floating-point division. The chart alone uses doubles, for pixel positions.

const KEY_STORAGE = 'margincall.readerKey';
const STREAM_PROTOCOL = 'margincall.v1'; // the server answers this; the key travels as a second offer, bearer.<key>
const HISTORY_COMMANDS = 20000; // on open, the events of this many last commands are replayed from the stream
const AT_RISK_ROWS = 12;
const FEED_LIMIT = 300;
const NOTICE_LIMIT = 200;
const CHART_POINTS = 5000;
const REFRESH_MS = 700; // at most one at-risk or fund read per this interval, however fast the stream runs

// The event kinds the dashboard subscribes to (the stream's `kinds` filter); everything else never leaves the server.
const LIQUIDATION_KINDS = ['LiquidationStep', 'AuctionDeferred', 'AuctionLotOpened', 'AuctionLotTaken', 'AuctionLotReset', 'AuctionLotClosed',
  'BackstopTakeover', 'BackstopDeclined', 'Deleveraged', 'SocializedLoss', 'BadDebtChanged', 'FundUnwound'];
const NOTICE_KINDS = ['MarginCallNotice', 'LiquidationStateChanged'];
const KINDS = [...LIQUIDATION_KINDS, ...NOTICE_KINDS, 'MarkPriceChanged', 'InsuranceFundChanged'];

// The loss waterfall (docs/engine.md, DESIGN §5.6): where each liquidation event sits.
const STAGES = [
  { id: 'book', name: 'order book' },
  { id: 'auction', name: 'Dutch auction' },
  { id: 'backstop', name: 'insurance backstop' },
  { id: 'adl', name: 'auto-deleveraging' },
  { id: 'social', name: 'socialized loss' },
];
const STAGE_OF = {
  LiquidationStep: 'book', AuctionDeferred: 'book',
  AuctionLotOpened: 'auction', AuctionLotTaken: 'auction', AuctionLotReset: 'auction', AuctionLotClosed: 'auction',
  BackstopTakeover: 'backstop', BackstopDeclined: 'backstop',
  Deleveraged: 'adl', SocializedLoss: 'social', BadDebtChanged: 'social', FundUnwound: 'fund',
};
const STAGE_LABEL = { book: 'book', auction: 'auction', backstop: 'backstop', adl: 'ADL', social: 'socialized', fund: 'fund unwind' };

// What each sizing rule means (src/MarginCall.Engine/Liquidation/SizingRule.cs).
const SIZING_RULES = {
  TargetHealth: 'the least size that restores the target health',
  FullClose: 'no partial size restores the target at the price bound: the whole position closes',
  PositionPortionCap: 'capped by the largest share of the position closed per window',
  AccountWindowCap: 'capped by the largest notional closed for the account per window',
  MarketCapacityCap: "capped by the market's liquidation capacity per window (anti-cascade limit)",
  Dust: 'the position, or what a partial close would leave, is under the minimum notional: it closes fully',
  CriticalBypass: 'health under the critical level: the window limits do not apply',
  MarketHalted: "the market's oracle is stale (or it waits for keepers): nothing is liquidated on it",
};
const FEE_RULES = {
  None: 'nothing filled, so no fee',
  Dynamic: 'the dynamic fee (health deficit and time in liquidation)',
  Floor: 'the floor that keeps a keeper paid (cost + minimum reward, or cost × (1 + minimum profit))',
  Cap: 'the cap (max rate × notional, or the equity left above bankruptcy)',
};

// The unit of each event field, by name (src/MarginCall.Engine/Events): how its integer is shown.
const UNITS = {};
for (const f of ['mark', 'oracle', 'fillablePrice', 'bound', 'bankruptcyPrice', 'price', 'start', 'end', 'priceBefore', 'averagePrice', 'limit', 'received', 'twap']) UNITS[f] = 'price';
for (const f of ['equityBefore', 'equityAfter', 'filledNotional', 'incentive', 'fundEquityDelta', 'fundEquity', 'loss', 'floor', 'paidInWindow', 'payoutCap',
  'stressedFundEquity', 'inventory', 'inventoryCap', 'shortfall', 'collected', 'delta', 'balance', 'proceeds', 'costBasis', 'realizedPnl', 'lossVersusMark',
  'equity', 'maintenanceRequirement', 'amount', 'dynamic', 'cost', 'expectedSlippage', 'volatility', 'cap', 'fee', 'keeperShare', 'insuranceShare', 'keeperTopUp']) UNITS[f] = 'quote';
for (const f of ['positionSize', 'size', 'filled', 'remaining', 'unfilled', 'holdingLeft', 'unexitedSize', 'openInterest', 'targetSize']) UNITS[f] = 'size';
for (const f of ['healthBefore', 'healthAfter', 'health']) UNITS[f] = 'health';
for (const f of ['adjustedBankruptcyRating', 'dynamicRate', 'score']) UNITS[f] = 'rate';

const LABELS = {
  mark: 'mark price', oracle: 'oracle price', fillablePrice: 'fillable price (before the bankruptcy clamp)', bound: 'price bound (book swept to)',
  bankruptcyPrice: 'bankruptcy price', adjustedBankruptcyRating: 'adjusted bankruptcy rating', healthBefore: 'health before', healthAfter: 'health after',
  equityBefore: 'pool equity before', equityAfter: 'pool equity after (fee paid)', positionSize: 'position before', targetSize: 'target size',
  size: 'size', filled: 'filled', filledNotional: 'filled notional', dynamicRate: 'dynamic rate', dynamic: 'dynamic fee', cost: 'cost (execution + slippage + volatility)',
  expectedSlippage: 'expected slippage', volatility: 'volatility allowance', floor: 'floor', cap: 'cap', applied: 'applied', fee: 'fee charged',
  keeperShare: 'keeper paid', insuranceShare: 'to the insurance fund', keeperTopUp: 'keeper top-up from the fund', rule: 'rule',
};

const app = {
  key: null,
  venue: null,
  markets: new Map(), // id → { id, symbol, sizeDecimals, priceDecimals, mark }
  selected: null,
  last: -1, // sequence of the last stream message applied
  socket: null,
  feed: [],
  notices: [],
  prices: new Map(), // market → [[sequence, mark]]
  markers: new Map(), // market → [{ sequence, price, kind, event }]
  keepers: new Map(),
  badDebt: null,
  dirty: new Set(),
  frame: 0,
};

// ---- numbers -----------------------------------------------------------------------------------------------------

/** JSON with exact integers: a number a double cannot hold is read as a BigInt from its source text. */
function parseJson(text) {
  return JSON.parse(text, (key, value, context) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value);
}

/** An integer scaled by 10^decimals as a decimal string: grouped thousands, at most maxFraction digits (cut, never rounded up), trailing zeros trimmed to minFraction. */
function fixed(value, decimals, { minFraction = 0, maxFraction = decimals, sign = false } = {}) {
  let v = BigInt(value);
  const negative = v < 0n;
  if (negative) v = -v;
  const digits = v.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let fraction = digits.slice(digits.length - decimals, digits.length - decimals + maxFraction);
  let keep = fraction.length;
  while (keep > minFraction && fraction[keep - 1] === '0') keep--;
  fraction = fraction.slice(0, keep);
  return (negative ? '−' : sign && v > 0n ? '+' : '') + whole + (fraction ? '.' + fraction : '');
}

function market(id) { return app.markets.get(Number(id)); }
function symbol(id) { return market(id)?.symbol ?? `market ${id}`; }
function price(v, m) { return v == null ? 'none' : fixed(v, market(m)?.priceDecimals ?? 0, { minFraction: market(m)?.priceDecimals ?? 0 }); }
function quote(v) { return v == null ? 'none' : fixed(v, app.venue.quoteDecimals, { minFraction: 2 }); }
function size(v, m, sign = false) { return v == null ? 'none' : fixed(v, market(m)?.sizeDecimals ?? 0, { sign }); }
function health(v) { return v == null ? '—' : fixed(v, 6, { minFraction: 3, maxFraction: 3 }); }
function rate(v) { return v == null ? '—' : fixed(v, 4, { minFraction: 2 }) + '%'; } // ppm / 10^4 = percent
function abs(v) { const b = BigInt(v); return b < 0n ? -b : b; }
function words(name) { return String(name).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(); }

/** Shows a field's integer in its unit (UNITS), for the market the event names. */
function human(field, value, m) {
  if (field === 'keeper') return value ?? 'the engine (no keeper)';
  if (value === null || value === undefined) return field === 'healthAfter' || field === 'health' ? '— (no requirement)' : 'none';
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  switch (UNITS[field]) {
    case 'price': return price(value, m);
    case 'quote': return quote(value) + ' ' + app.venue.quoteSymbol;
    case 'size': return size(value, m, field === 'positionSize' || field === 'holdingLeft');
    case 'health': return health(value);
    case 'rate': return rate(value);
    default: return String(value);
  }
}

// ---- DOM ---------------------------------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  setAttributes(e, attrs);
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttributes(e, attrs);
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : String(c));
  return e;
}

function setAttributes(e, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.setAttribute('class', v);
    else if (k === 'dataset') for (const [d, dv] of Object.entries(v)) e.dataset[d] = String(dv);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
}

const $ = id => document.getElementById(id);

/** A table cell holding one event figure: the exact integer in data-raw, the human form as text. */
function figure(path, raw, text, cls = 'num') {
  return el('td', { class: cls, dataset: { field: path, raw: raw === null || raw === undefined ? 'null' : String(raw) } }, text);
}

// ---- API ---------------------------------------------------------------------------------------------------------

class KeyRefused extends Error {}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + app.key }, cache: 'no-store' });
  if (response.status === 401 || response.status === 403) throw new KeyRefused(`${path}: ${response.status}`);
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 200)}`);
  return parseJson(text);
}

function status(kind, text) {
  const s = $('status');
  s.className = kind;
  s.textContent = text;
}

function report(error) {
  if (error instanceof KeyRefused) return askKey('The service refused this key (it needs role Reader or higher).');
  status('down', String(error.message ?? error));
  console.warn(error);
}

// ---- key ---------------------------------------------------------------------------------------------------------

// A key given in the fragment (#key=…) never reaches the server; it moves to this tab's session storage and leaves the
// address bar, so it is not bookmarked or shared with the URL.
function takeKeyFromFragment() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const given = fragment.get('key');
  if (!given) return;
  sessionStorage.setItem(KEY_STORAGE, given);
  history.replaceState(null, '', location.pathname + location.search);
}

function askKey(problem) {
  if (app.socket) { app.socket.onclose = null; app.socket.close(1000, 'key changed'); app.socket = null; }
  sessionStorage.removeItem(KEY_STORAGE);
  app.key = null;
  $('board').hidden = true;
  $('forget').hidden = true;
  $('key-form').hidden = false;
  $('key-problem').hidden = !problem;
  $('key-problem').textContent = problem ?? '';
  status('', 'no key');
  $('key-input').focus();
}

// A subprotocol must be an HTTP token (RFC 9110 §5.6.2); the keys `serve` creates are hex.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function onKeySubmit(event) {
  event.preventDefault();
  const key = $('key-input').value.trim();
  if (!TOKEN.test(key)) return askKey('A key is made of letters, digits and -._~!#$%&\'*+^`| only.');
  sessionStorage.setItem(KEY_STORAGE, key);
  $('key-input').value = '';
  start();
}

// ---- start and stream --------------------------------------------------------------------------------------------

async function start() {
  app.key = sessionStorage.getItem(KEY_STORAGE);
  if (!app.key) return askKey();
  let venue;
  try {
    venue = await api('/v1/venue');
  } catch (e) {
    return report(e);
  }

  app.venue = venue;
  for (const m of venue.markets) {
    app.markets.set(Number(m.id), { id: Number(m.id), symbol: m.symbol, sizeDecimals: m.sizeDecimals, priceDecimals: m.priceDecimals, mark: m.mark });
    if (!app.prices.has(Number(m.id))) { app.prices.set(Number(m.id), []); app.markers.set(Number(m.id), []); }
  }

  if (app.selected === null && venue.markets.length) app.selected = Number(venue.markets[0].id);
  $('key-form').hidden = true;
  $('board').hidden = false;
  $('forget').hidden = false;
  renderTabs();
  touch('tickers', 'chart', 'feed', 'notices', 'keepers');
  refreshRisk();
  refreshFunds();
  connect(Math.max(0, Number(venue.sequence) - HISTORY_COMMANDS));
}

function connect(after) {
  if (app.last < after) app.last = after;
  const url = new URL('/v1/stream', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = new URLSearchParams({ after: String(app.last), kinds: KINDS.join(',') }).toString();
  const socket = new WebSocket(url, [STREAM_PROTOCOL, 'bearer.' + app.key]);
  app.socket = socket;
  let opened = false;
  socket.onopen = () => { opened = true; status('live', `live · sequence ${app.last}`); };
  socket.onmessage = message => receive(parseJson(message.data));
  socket.onclose = async close => {
    if (app.socket !== socket) return;
    status('down', `stream closed${close.reason ? ': ' + close.reason : ''}; reconnecting`);
    if (!opened) {
      // Refused before the upgrade: the events endpoint says why with the same rules (401, or 410 with the earliest resume point).
      try {
        const probe = await fetch(`/v1/events?after=${app.last}&limit=1`, { headers: { Authorization: 'Bearer ' + app.key } });
        if (probe.status === 401 || probe.status === 403) return askKey('The service refused this key (it needs role Reader or higher).');
        if (probe.status === 410) app.last = Number(parseJson(await probe.text()).earliestResumableAfter);
      } catch (e) {
        console.warn(e);
      }
    }

    setTimeout(() => { if (app.socket === socket) connect(app.last); }, opened ? 300 : 2000);
  };
}

/** One stream message: one durable command's matching events, in sequence order, never repeated across reconnects. */
function receive(batch) {
  const sequence = Number(batch.sequence);
  if (sequence <= app.last) return;
  app.last = sequence;
  for (const event of batch.events) apply(event, batch);
  document.body.dataset.sequence = String(sequence);
  status('live', `live · sequence ${sequence}`);
  refreshRisk();
}

function apply(event, batch) {
  const sequence = Number(batch.sequence);
  const m = event.market === undefined ? null : Number(event.market);
  if (event.type === 'MarkPriceChanged') {
    const series = app.prices.get(m);
    if (!series) return;
    series.push([sequence, Number(event.mark)]);
    if (series.length > CHART_POINTS) series.splice(0, series.length - CHART_POINTS);
    market(m).mark = event.mark;
    touch('tickers', 'chart');
    return;
  }

  if (event.type === 'InsuranceFundChanged') return refreshFunds();
  if (NOTICE_KINDS.includes(event.type)) {
    app.notices.unshift({ sequence, event });
    app.notices.length = Math.min(app.notices.length, NOTICE_LIMIT);
    return touch('notices');
  }

  if (!LIQUIDATION_KINDS.includes(event.type)) return;
  app.feed.unshift({ sequence, event, batch });
  app.feed.length = Math.min(app.feed.length, FEED_LIMIT);
  touch('feed');
  mark(event, sequence, m);
  rank(event);
  if (event.type === 'BadDebtChanged') { app.badDebt = event; touch('funds'); }
  if (['BackstopTakeover', 'FundUnwound', 'SocializedLoss', 'LiquidationStep', 'AuctionLotOpened'].includes(event.type)) refreshFunds();
}

/** A chart marker at the price the event happened at. */
function mark(event, sequence, m) {
  const markers = app.markers.get(m);
  if (!markers) return;
  const at = { LiquidationStep: event.mark, AuctionLotOpened: event.start, AuctionLotTaken: event.price, BackstopTakeover: event.price, Deleveraged: event.price }[event.type];
  if (at === undefined || at === null) return;
  const kind = { LiquidationStep: 'step', AuctionLotOpened: 'auction', AuctionLotTaken: 'auction' }[event.type] ?? 'backstop';
  markers.push({ sequence, price: Number(at), kind, event });
  if (markers.length > CHART_POINTS) markers.splice(0, markers.length - CHART_POINTS);
  touch('chart');
}

/** The keeper leaderboard: steps a keeper asked for and what it was paid (fee share + top-up; auction incentives). */
function rank(event) {
  const entry = name => {
    if (!app.keepers.has(name)) app.keepers.set(name, { name, steps: 0, notional: 0n, lots: 0, rewards: 0n });
    return app.keepers.get(name);
  };
  if (event.type === 'LiquidationStep' && event.keeper) {
    const k = entry(event.keeper);
    k.steps++;
    k.notional += BigInt(event.filledNotional);
    k.rewards += BigInt(event.fee.keeperShare);
  } else if (event.type === 'AuctionLotOpened' && event.keeper) {
    const k = entry(event.keeper);
    k.lots++;
    k.rewards += BigInt(event.incentive);
  } else if (event.type === 'AuctionLotTaken') {
    entry(`account ${event.taker}`).lots++;
  } else {
    return;
  }

  touch('keepers');
}

// ---- reads refreshed from the stream -----------------------------------------------------------------------------

/** Runs read at most once per REFRESH_MS; a call while one runs schedules one more run after it. */
function throttled(read) {
  let running = false;
  let again = false;
  return async function run() {
    if (running) { again = true; return; }
    running = true;
    try {
      await read();
    } catch (e) {
      report(e);
    }

    await new Promise(resolve => setTimeout(resolve, REFRESH_MS));
    running = false;
    if (again) { again = false; run(); }
  };
}

const refreshRisk = throttled(async () => {
  const page = await api(`/v1/accounts/at-risk?take=${AT_RISK_ROWS}`);
  const details = await Promise.all(page.accounts.map(a => api(`/v1/accounts/${a.account}`).catch(e => { if (e instanceof KeyRefused) throw e; return null; })));
  renderRisk(page, details);
});

const refreshFunds = throttled(async () => renderFunds(await api('/v1/insurance-funds')));

// ---- rendering ---------------------------------------------------------------------------------------------------

function touch(...parts) {
  for (const p of parts) app.dirty.add(p);
  if (!app.frame) app.frame = requestAnimationFrame(render);
}

function render() {
  app.frame = 0;
  const dirty = new Set(app.dirty);
  app.dirty.clear();
  if (dirty.has('tickers')) renderTickers();
  if (dirty.has('chart')) renderChart();
  if (dirty.has('feed')) renderFeed();
  if (dirty.has('notices')) renderNotices();
  if (dirty.has('keepers')) renderKeepers();
  if (dirty.has('funds')) renderBadDebt();
}

function renderTickers() {
  $('tickers').replaceChildren(...[...app.markets.values()].map(m =>
    el('li', { dataset: { market: m.id } }, el('span', { class: 'sym' }, m.symbol), price(m.mark, m.id))));
}

function renderTabs() {
  $('market-tabs').replaceChildren(...[...app.markets.values()].map(m => el('button', {
    type: 'button', role: 'tab', 'aria-selected': String(m.id === app.selected), dataset: { market: m.id },
    onclick: () => { app.selected = m.id; renderTabs(); touch('chart'); },
  }, m.symbol)));
}

function renderRisk(page, details) {
  const rows = page.accounts.map((a, i) => {
    const d = details[i];
    const positions = d ? d.positions.map(p => {
      const side = BigInt(p.size) > 0n ? 'long' : 'short';
      return `${symbol(p.market)} ${side} ${size(abs(p.size), p.market)}${p.mode === 'Isolated' ? ' (isolated)' : ''}` +
        (p.liquidationPrice !== null ? ` · liq ${price(p.liquidationPrice, p.market)}` : '');
    }).join('; ') : '';
    return el('tr', { class: 'state-' + a.liquidationState, dataset: { account: a.account, health: a.health ?? 'null' } },
      el('td', { class: 'num' }, String(a.account)),
      el('td', { class: 'num health' }, health(a.health)),
      el('td', {}, el('span', { class: 'state ' + a.liquidationState }, words(a.liquidationState))),
      el('td', { class: 'num' }, d ? quote(d.cross.equity) : ''),
      el('td', { class: 'num' }, d ? quote(d.cross.maintenanceRequirement) : ''),
      el('td', { class: 'muted' }, positions || '—'));
  });
  $('at-risk').tBodies[0].replaceChildren(...rows);
  $('at-risk').dataset.total = String(page.total);
}

function renderFunds(funds) {
  const rows = funds.funds.map(f => el('tr', { dataset: { fund: f.fund } },
    el('td', {}, `fund ${f.fund}`),
    figure('balance', f.balance, quote(f.balance)),
    el('td', { class: 'muted' }, f.holdings.length
      ? f.holdings.map(h => el('div', { dataset: { market: h.market, size: String(h.size), cost: String(h.cost) } },
        `${symbol(h.market)} ${size(h.size, h.market, true)} · cost ${quote(h.cost)}`))
      : 'none')));
  $('funds').tBodies[0].replaceChildren(...rows);
}

function renderBadDebt() {
  const b = app.badDebt;
  $('bad-debt').textContent = b ? `${quote(b.balance)} ${app.venue.quoteSymbol} (${words(b.why)} at sequence ${b.sequence})` : 'none recorded';
}

function renderFeed() {
  $('feed').replaceChildren(...app.feed.map(entry => el('li', { dataset: { sequence: entry.sequence, kind: entry.event.type } },
    el('button', { type: 'button', onclick: () => explain(entry) },
      el('span', { class: 'seq' }, `#${entry.sequence}`),
      el('span', { class: 'stage ' + STAGE_OF[entry.event.type] }, STAGE_LABEL[STAGE_OF[entry.event.type]]),
      el('span', {}, el('strong', {}, words(entry.event.type)), ' · ', summary(entry.event))))));
}

/** One line per liquidation event. */
function summary(e) {
  const m = e.market;
  switch (e.type) {
    case 'LiquidationStep': {
      const side = BigInt(e.positionSize) > 0n ? 'sold' : 'bought';
      return `account ${e.account} · ${symbol(m)} · ${side} ${size(e.filled, m)} of ${size(abs(e.positionSize), m)} · health ${health(e.healthBefore)} → ${health(e.healthAfter)} · fee ${quote(e.fee.fee)} · ${e.keeper ?? 'engine'}`;
    }
    case 'AuctionDeferred': return `account ${e.account} · ${symbol(m)} · ${size(e.unfilled, m)} unfilled · window ${e.windows} of ${e.windowsBeforeAuction} before auction`;
    case 'AuctionLotOpened': return `lot ${e.lot} · account ${e.account} · ${symbol(m)} · ${size(e.size, m)} from ${price(e.start, m)} down to ${price(e.end, m)} · ${words(e.why)}`;
    case 'AuctionLotTaken': return `lot ${e.lot} · account ${e.taker} took ${size(e.size, m)} at ${price(e.price, m)} · ${size(e.remaining, m)} left`;
    case 'AuctionLotReset': return `lot ${e.lot} · reset ${e.resets} (${words(e.why)}) · ${price(e.start, m)} → ${price(e.end, m)}`;
    case 'AuctionLotClosed': return `lot ${e.lot} · account ${e.account} · closed: ${words(e.why)} · ${size(e.remaining, m)} left`;
    case 'BackstopTakeover': return `fund ${e.fund} took ${size(e.size, m, true)} ${symbol(m)} of account ${e.account} at ${price(e.price, m)} · fund equity ${quote(e.fundEquityDelta)}${e.forced ? ' · forced' : ''}`;
    case 'BackstopDeclined': return `fund ${e.fund} declined account ${e.account} · ${symbol(m)} · loss ${quote(e.loss)} · fund equity ${quote(e.fundEquity)}`;
    case 'Deleveraged': return `account ${e.account} deleveraged (rank ${e.rank}) against account ${e.bankrupt} · ${size(e.size, m, true)} ${symbol(m)} at ${price(e.price, m)} · cost ${quote(e.lossVersusMark)}`;
    case 'SocializedLoss': return `${symbol(m)} · shortfall ${quote(e.shortfall)} · collected ${quote(e.collected)} from ${e.charges.length} holders`;
    case 'BadDebtChanged': return `bad debt ${quote(e.delta)} → ${quote(e.balance)} · ${words(e.why)}`;
    case 'FundUnwound': return `fund ${e.fund} · ${symbol(m)} · ${size(e.size, m, true)} at ${price(e.averagePrice, m)} · realized ${quote(e.realizedPnl)}`;
    default: return e.type;
  }
}

function renderNotices() {
  $('notices').replaceChildren(...app.notices.map(({ sequence, event: e }) => {
    const text = e.type === 'MarginCallNotice'
      ? el('span', { class: 'to-MarginCall' }, `account ${e.account} (${e.owner}) margin call · health ${health(e.health)} · equity ${quote(e.equity)} / maintenance ${quote(e.maintenanceRequirement)}`)
      : el('span', { class: 'to-' + e.to }, `account ${e.account}: ${words(e.from)} → ${words(e.to)} · health ${health(e.health)}`);
    return el('li', { dataset: { sequence, kind: e.type, account: e.account } }, el('span', { class: 'seq' }, `#${sequence}`), text);
  }));
}

function renderKeepers() {
  const board = [...app.keepers.values()].sort((a, b) => (b.rewards > a.rewards ? 1 : b.rewards < a.rewards ? -1 : b.steps - a.steps || a.name.localeCompare(b.name)));
  $('keepers').tBodies[0].replaceChildren(...board.map(k => el('tr', { dataset: { keeper: k.name } },
    el('td', {}, k.name),
    figure('steps', k.steps, String(k.steps)),
    figure('notional', k.notional, quote(k.notional)),
    figure('lots', k.lots, String(k.lots)),
    figure('rewards', k.rewards, quote(k.rewards)))));
}

// ---- chart -------------------------------------------------------------------------------------------------------

/** About `count` round tick values covering [low, high] (1, 2 or 5 × 10^n apart). */
function ticks(low, high, count) {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(s => s * magnitude).find(s => s >= raw);
  const values = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) values.push(v);
  return values;
}

function renderChart() {
  const chart = $('chart');
  const W = 760, H = 300, left = 74, right = 12, top = 12, bottom = 44;
  const m = market(app.selected);
  if (!m) return chart.replaceChildren();
  const scale = 10 ** m.priceDecimals;
  const series = app.prices.get(m.id);
  const markers = app.markers.get(m.id);
  const points = series.length ? series : [[app.last < 0 ? 0 : app.last, Number(m.mark)]];
  const xs = [...points.map(p => p[0]), ...markers.map(k => k.sequence)];
  const ys = [...points.map(p => p[1]), ...markers.map(k => k.price)];
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  if (x0 === x1) { x0 -= 1; x1 += 1; }
  let [y0, y1] = [Math.min(...ys) / scale, Math.max(...ys) / scale];
  const pad = (y1 - y0) * 0.08 || Math.abs(y1) * 0.01 || 1;
  y0 -= pad; y1 += pad;
  const px = x => left + (x - x0) / (x1 - x0) * (W - left - right);
  const py = y => top + (1 - (y / scale - y0) / (y1 - y0)) * (H - top - bottom);
  const parts = [];
  for (const t of ticks(y0, y1, 5)) {
    const y = top + (1 - (t - y0) / (y1 - y0)) * (H - top - bottom);
    parts.push(svg('line', { class: 'grid', x1: left, x2: W - right, y1: y, y2: y }));
    parts.push(svg('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, t.toLocaleString('en-US', { maximumFractionDigits: m.priceDecimals })));
  }

  for (const t of ticks(x0, x1, 6).filter(t => Number.isInteger(t))) {
    const x = px(t);
    parts.push(svg('line', { class: 'axis', x1: x, x2: x, y1: H - bottom, y2: H - bottom + 4 }));
    parts.push(svg('text', { x, y: H - bottom + 16, 'text-anchor': 'middle' }, String(t)));
  }

  parts.push(svg('line', { class: 'axis', x1: left, x2: W - right, y1: H - bottom, y2: H - bottom }));
  parts.push(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: H - bottom }));
  parts.push(svg('text', { class: 'title', x: (left + W - right) / 2, y: H - 6, 'text-anchor': 'middle' }, 'command sequence'));
  parts.push(svg('text', { class: 'title', x: 14, y: (top + H - bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(top + H - bottom) / 2})` },
    `${m.symbol} mark (${app.venue.quoteSymbol})`));
  const path = points.map((p, i) => `${i ? 'L' : 'M'}${px(p[0]).toFixed(1)} ${py(p[1]).toFixed(1)}`).join(' ');
  parts.push(svg('path', { class: 'mark-line', d: path }));
  for (const k of markers) {
    const x = px(k.sequence), y = py(k.price);
    const title = svg('title', {}, `#${k.sequence} ${summary(k.event)}`);
    const shape = k.kind === 'step'
      ? svg('circle', { class: 'm-step', cx: x, cy: y, r: 4 }, title)
      : k.kind === 'auction'
        ? svg('path', { class: 'm-auction', d: `M${x} ${y - 5} L${x + 5} ${y + 4} L${x - 5} ${y + 4} Z` }, title)
        : svg('rect', { class: 'm-backstop', x: x - 4, y: y - 4, width: 8, height: 8 }, title);
    parts.push(shape);
  }

  chart.dataset.points = String(points.length);
  chart.dataset.markers = String(markers.length);
  chart.replaceChildren(...parts);
}

// ---- explanation -------------------------------------------------------------------------------------------------

function explain(entry) {
  const e = entry.event;
  $('explain-title').textContent = `${words(e.type)} · ${e.account !== undefined ? 'account ' + e.account + ' · ' : ''}${e.market !== undefined ? symbol(e.market) + ' · ' : ''}sequence ${entry.sequence}`;
  const body = $('explain-body');
  body.dataset.sequence = String(entry.sequence);
  body.dataset.kind = e.type;
  body.replaceChildren(
    section('Waterfall stage', waterfall(STAGE_OF[e.type]), 'wide'),
    ...(e.type === 'LiquidationStep' ? stepSections(e) : genericSections(e)),
    related(entry),
    section('As the API sent it', el('details', {}, el('summary', {}, 'event JSON (exact integers)'), el('pre', {}, JSON.stringify(e, (k, v) => typeof v === 'bigint' ? v.toString() : v, 2))), 'wide'));
  const dialog = $('explain');
  if (!dialog.open) dialog.showModal();
}

function section(title, content, cls) {
  return el('section', { class: cls }, el('h3', {}, title), content);
}

function waterfall(stage) {
  if (stage === 'fund') return el('p', { class: 'why' }, 'After the waterfall: the insurance fund sells a position it took back into the book.');
  const at = STAGES.findIndex(s => s.id === stage);
  return el('ol', { class: 'waterfall', dataset: { stage } },
    STAGES.map((s, i) => el('li', { class: i === at ? 'here' : i < at ? 'passed' : '' }, `${i + 1}. ${s.name}`)));
}

/** Rows of figures: [path, raw, label] → label | human value (data-raw holds the exact integer). */
function rows(event, fields, prefix = '') {
  const m = event.market;
  return el('table', {}, el('tbody', {}, fields.map(([name, value, label]) =>
    el('tr', {}, el('td', {}, label ?? LABELS[name] ?? words(name)), figure(prefix + name, value, human(name, value, m))))));
}

function stepSections(e) {
  const m = e.market;
  const side = BigInt(e.positionSize) > 0n ? 'long' : 'short';
  const sizing = e.sizing;
  const fee = e.fee;
  return [
    section('Who and what', rows(e, [
      ['keeper', e.keeper, 'asked by'],
      ['positionSize', e.positionSize, `position before (${side})`],
    ])),
    section('Health', el('div', {},
      rows(e, [['healthBefore', e.healthBefore], ['healthAfter', e.healthAfter], ['equityBefore', e.equityBefore], ['equityAfter', e.equityAfter]]),
      el('p', { class: 'why' }, 'Health is pool equity ÷ maintenance requirement: under 1.000 the account is liquidatable.'))),
    section('Prices', rows(e, [['mark', e.mark], ['oracle', e.oracle], ['fillablePrice', e.fillablePrice], ['bound', e.bound], ['bankruptcyPrice', e.bankruptcyPrice], ['adjustedBankruptcyRating', e.adjustedBankruptcyRating]])),
    section('Sizing', el('div', {},
      el('table', {}, el('tbody', {},
        el('tr', {}, el('td', {}, 'rule'), figure('sizing.rule', sizing.rule, words(sizing.rule))),
        el('tr', {}, el('td', {}, 'target size'), figure('sizing.targetSize', sizing.targetSize, size(sizing.targetSize, m))),
        el('tr', {}, el('td', {}, 'size sent to the book'), figure('sizing.size', sizing.size, size(sizing.size, m))),
        el('tr', {}, el('td', {}, 'filled'), figure('filled', e.filled, size(e.filled, m))),
        el('tr', {}, el('td', {}, 'filled notional'), figure('filledNotional', e.filledNotional, human('filledNotional', e.filledNotional, m))))),
      el('p', { class: 'why' }, SIZING_RULES[sizing.rule] ?? ''))),
    section(`Fills (${e.fills.length})`, e.fills.length
      ? el('table', {},
        el('thead', {}, el('tr', {}, el('th', { class: 'num' }, '#'), el('th', { class: 'num' }, 'maker order'), el('th', { class: 'num' }, 'maker'), el('th', { class: 'num' }, 'price'), el('th', { class: 'num' }, 'size'))),
        el('tbody', {}, e.fills.map((f, i) => el('tr', {},
          el('td', { class: 'num' }, String(i + 1)),
          figure(`fills.${i}.makerOrder`, f.makerOrder, String(f.makerOrder)),
          figure(`fills.${i}.maker`, f.maker, String(f.maker)),
          figure(`fills.${i}.price`, f.price, price(f.price, m)),
          figure(`fills.${i}.size`, f.size, size(f.size, m))))))
      : el('p', { class: 'why' }, e.bound === null ? 'No price was allowed (no bound), so nothing could fill.' : 'The book had nothing inside the bound.'), 'wide'),
    section('Fee', el('div', {},
      rows(e, [['dynamicRate', fee.dynamicRate], ['dynamic', fee.dynamic], ['cost', fee.cost], ['expectedSlippage', fee.expectedSlippage], ['volatility', fee.volatility], ['floor', fee.floor], ['cap', fee.cap]], 'fee.'),
      el('p', { class: 'why' }, 'fee = min(cap, max(floor, dynamic))'))),
    section('Fee paid', el('div', {},
      rows(e, [['applied', fee.applied, 'decided by'], ['fee', fee.fee], ['keeperShare', fee.keeperShare], ['insuranceShare', fee.insuranceShare], ['keeperTopUp', fee.keeperTopUp]], 'fee.'),
      el('p', { class: 'why' }, FEE_RULES[fee.applied] ?? ''))),
  ];
}

/** Every field of an event, in its unit; lists of records as tables. */
function genericSections(e) {
  const scalars = Object.entries(e).filter(([k, v]) => k !== 'type' && k !== 'sequence' && (v === null || typeof v !== 'object'));
  const lists = Object.entries(e).filter(([, v]) => Array.isArray(v));
  return [
    section('Figures', rows(e, scalars.map(([k, v]) => [k, v])), 'wide'),
    ...lists.map(([name, list]) => section(`${words(name)} (${list.length})`, list.length
      ? el('table', {},
        el('thead', {}, el('tr', {}, Object.keys(list[0]).map(k => el('th', { class: 'num' }, words(k))))),
        el('tbody', {}, list.map((item, i) => el('tr', {}, Object.entries(item).map(([k, v]) => figure(`${name}.${i}.${k}`, v, human(k, v, e.market)))))))
      : el('p', { class: 'why' }, 'none'), 'wide')),
  ];
}

/** The other liquidation events the same command caused (a step that left a remainder, a backstop after it, …). */
function related(entry) {
  const others = entry.batch.events.filter(o => o !== entry.event && LIQUIDATION_KINDS.includes(o.type));
  if (!others.length) return section('Same command', el('p', { class: 'why' }, 'No other liquidation event in this command.'), 'wide');
  return section('Same command', el('ul', {}, others.map(o => el('li', {},
    el('a', { href: '#', onclick: ev => { ev.preventDefault(); explain({ sequence: entry.sequence, event: o, batch: entry.batch }); } },
      `${STAGE_LABEL[STAGE_OF[o.type]]}: ${summary(o)}`)))), 'wide');
}

// ---- boot --------------------------------------------------------------------------------------------------------

takeKeyFromFragment();
$('key-form').addEventListener('submit', onKeySubmit);
$('forget').addEventListener('click', () => askKey());
window.addEventListener('hashchange', () => { takeKeyFromFragment(); if (sessionStorage.getItem(KEY_STORAGE) && !app.socket) start(); });
start();
