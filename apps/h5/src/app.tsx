import { ErrorBoundary, useEffect, useRef, useState } from 'hono/jsx/dom';
import type { Child } from 'hono/jsx';
import { anonymousClient, call, clientFor, type Client, type ClockReading, type Definition, type PlayerState, type Result } from './api.ts';
import { parseCart, type CartLine } from './cart.ts';
import { DEMO_SHOPPERS } from './demo.ts';
import { money, when } from './format.ts';
import { localTitle, pickLang, t, type Lang, type MessageKey, type Vars } from './i18n.ts';
import type { Play } from './play.ts';
import { problemMessage, type Problem } from './problems.ts';
import { Boxes } from './ui/boxes.tsx';
import { Hero } from './ui/hero.tsx';
import { Icon, type IconName } from './ui/icons.tsx';
import { AssistFriend, Invite } from './ui/invite.tsx';
import { GrabPacket, LuckyPackets } from './ui/lucky-packets.tsx';
import { Lucky } from './ui/lucky.tsx';
import { Operator } from './ui/operator.tsx';
import { FriendCart, Shop } from './ui/shop.tsx';
import { Tasks } from './ui/tasks.tsx';

const params = new URLSearchParams(location.search);
const CAMPAIGN_ID = params.get('campaign') ?? 'double11-2026';
const SHOPPER_KEY = 'carnival-h5-shopper';
const cartKey = (playerId: string) => `carnival-h5-cart:${CAMPAIGN_ID}:${playerId}`;

type Tab = 'play' | 'shop' | 'lucky';
const TABS: { id: Tab; icon: IconName; label: MessageKey }[] = [
  { id: 'play', icon: 'candy', label: 'tabPlay' },
  { id: 'shop', icon: 'cart', label: 'tabShop' },
  { id: 'lucky', icon: 'ticket', label: 'tabLucky' },
];

interface Session {
  playerId: string;
  client: Client;
  /** Signed in through the dev token route: shoppers can be switched and the operator panel shown. */
  demo: boolean;
}

interface Toast {
  id: number;
  text: string;
  kind: 'ok' | 'error';
}

/** Signs in: a host token in `?token=`, else (demo mode) a dev token for the chosen shopper. */
async function signIn(playerId: string): Promise<Result<Session>> {
  const hostToken = params.get('token');
  if (hostToken) {
    const client = clientFor(hostToken);
    const me = await call(client.v1.campaigns[':campaignId'].me.$get({ param: { campaignId: CAMPAIGN_ID } }));
    return me.ok ? { ok: true, value: { playerId: me.value.playerId, client, demo: false } } : me;
  }
  const shopper = DEMO_SHOPPERS.find((s) => s.id === playerId) ?? DEMO_SHOPPERS[0]!;
  const claims = { ...(shopper.newCustomer ? { newCustomer: true } : {}), ...(shopper.tier ? { tier: shopper.tier } : {}) };
  const minted = await call(anonymousClient().v1.dev.tokens.$post({ json: { playerId: shopper.id, ...claims } }));
  return minted.ok ? { ok: true, value: { playerId: shopper.id, client: clientFor(minted.value.token), demo: true } } : minted;
}

/** A section that fails to render shows a line and a retry, and the rest of the page stays. */
function Section({ lang, children }: { lang: Lang; children: Child }) {
  return (
    <ErrorBoundary
      fallbackRender={() => (
        <div class="card broken">
          {t(lang, 'sectionBroken')}{' '}
          <button type="button" class="btn ghost small" onClick={() => location.reload()}>
            {t(lang, 'retry')}
          </button>
        </div>
      )}
    >
      {children}
    </ErrorBoundary>
  );
}

export function App() {
  const [lang, setLang] = useState<Lang>(pickLang(location.search, navigator.languages));
  const [shopperId, setShopperId] = useState(localStorage.getItem(SHOPPER_KEY) ?? DEMO_SHOPPERS[0]!.id);
  const [session, setSession] = useState<Session | null>(null);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [me, setMe] = useState<PlayerState | null>(null);
  const [fatal, setFatal] = useState<Problem | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [tab, setTab] = useState<Tab>(params.has('cart') ? 'shop' : 'play');
  const [cart, setCartState] = useState<CartLine[]>([]);
  const [clock, setClock] = useState<{ read: number; at: number; running: boolean }>({ read: Date.now(), at: Date.now(), running: true });
  const [, setTick] = useState(0);
  const toastId = useRef(0);

  const timeZone = definition?.timezone ?? 'Asia/Shanghai';
  const currency = definition?.currency ?? 'CNY';
  const describe = (problem: Problem) => problemMessage(problem, lang, (instant) => when(instant, timeZone, lang));

  const notify = (text: string, kind: 'ok' | 'error' = 'ok') => {
    const id = ++toastId.current;
    // A success after a refusal answers it: the refusal's toast goes.
    setToasts((all) => [...(kind === 'ok' ? all.filter((toast) => toast.kind === 'ok') : all).slice(-1), { id, text, kind }]);
    setTimeout(() => setToasts((all) => all.filter((toast) => toast.id !== id)), kind === 'error' ? 5000 : 3500);
  };

  const readMe = async (current: Session | null = session) => {
    if (!current) return;
    const result = await call(current.client.v1.campaigns[':campaignId'].me.$get({ param: { campaignId: CAMPAIGN_ID } }));
    if (!result.ok) return notify(describe(result.problem), 'error');
    setMe(result.value);
    // The page's clock follows the server's reading; it ticks between reads only when the server's does.
    setClock((old) => ({ read: Date.parse(result.value.now), at: Date.now(), running: old.running }));
  };

  useEffect(() => {
    let current = true;
    void (async () => {
      setFatal(null);
      const signedIn = await signIn(shopperId);
      if (!current) return;
      if (!signedIn.ok) return setFatal(signedIn.problem);
      // The campaign as this shopper plays it: their experiment variants' coupons, thresholds and rewards.
      const campaign = await call(signedIn.value.client.v1.campaigns[':campaignId'].me.campaign.$get({ param: { campaignId: CAMPAIGN_ID } }));
      if (!current) return;
      if (!campaign.ok) return setFatal(campaign.problem);
      setDefinition(campaign.value.definition);
      setSession(signedIn.value);
      setCartState(parseCart(localStorage.getItem(cartKey(signedIn.value.playerId))));
      await readMe(signedIn.value);
    })();
    return () => void (current = false);
  }, [shopperId]);

  useEffect(() => {
    // A second tick for countdowns; the state is read again every 15 s (another shopper may act).
    const tick = setInterval(() => setTick((n) => n + 1), 1000);
    const poll = setInterval(() => void readMe(), 15_000);
    return () => {
      clearInterval(tick);
      clearInterval(poll);
    };
  }, [session]);

  const switchLang = () => {
    const next: Lang = lang === 'zh' ? 'en' : 'zh';
    const url = new URL(location.href);
    url.searchParams.set('lang', next);
    history.replaceState(null, '', url);
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
    setLang(next);
  };

  if (fatal) {
    const signInNeeded = fatal.code === 'NOT_FOUND' && !params.has('token');
    return (
      <main class="app">
        <header class="top fatal-top">
          <h1>{t(lang, 'appTitle')}</h1>
        </header>
        <div class="card fatal" data-testid="fatal">
          <p>{signInNeeded ? t(lang, 'signInNeeded') : describe(fatal)}</p>
          <button type="button" class="btn primary" onClick={() => location.reload()}>
            {t(lang, 'retry')}
          </button>
        </div>
      </main>
    );
  }
  if (!session || !definition || !me) return <main class="app loading">{t(lang, 'loading')}</main>;

  const play: Play = {
    lang,
    campaignId: CAMPAIGN_ID,
    definition,
    me,
    client: session.client,
    now: clock.running ? clock.read + (Date.now() - clock.at) : clock.read,
    t: (key: MessageKey, vars?: Vars) => t(lang, key, vars),
    title: (text) => localTitle(text, lang),
    money: (cents) => money(cents, currency, lang),
    when: (instant) => when(instant, timeZone, lang),
    notify,
    async act<T>(request: Promise<Result<T>>, success?: (value: T) => string | undefined) {
      const result = await request;
      if (!result.ok) {
        notify(describe(result.problem), 'error');
        await readMe(); // a refusal often means the page was behind: show what is true now
        return undefined;
      }
      const message = success?.(result.value);
      if (message) notify(message);
      await readMe();
      return result.value;
    },
  };
  const setCart = (next: CartLine[]) => {
    localStorage.setItem(cartKey(session.playerId), JSON.stringify(next));
    setCartState(next);
  };
  const onClock = (reading: ClockReading) => {
    setClock({ read: Date.parse(reading.now), at: Date.now(), running: reading.running });
    void readMe();
  };
  const invite = params.get('invite');
  const friendCart = params.get('cart');
  const packet = params.get('packet');

  return (
    <main class="app">
      <header class="top">
        <h1>{t(lang, 'appTitle')}</h1>
        <div class="top-actions">
          {session.demo && (
            <select
              class="shopper"
              data-testid="shopper"
              aria-label={t(lang, 'shopper')}
              value={session.playerId}
              onChange={(e: Event) => {
                const id = (e.target as HTMLSelectElement).value;
                localStorage.setItem(SHOPPER_KEY, id);
                setMe(null);
                setShopperId(id);
              }}
            >
              {DEMO_SHOPPERS.map((shopper) => (
                <option value={shopper.id} key={shopper.id} selected={shopper.id === session.playerId}>
                  {shopper.name[lang]}
                </option>
              ))}
            </select>
          )}
          <button type="button" class="lang" data-testid="lang" onClick={switchLang}>
            {t(lang, 'switchLang')}
          </button>
        </div>
      </header>
      <Section lang={lang}>
        <Hero play={play} />
      </Section>
      <div class="content">
        {invite && <AssistFriend play={play} code={invite} />}
        {friendCart && <FriendCart play={play} code={friendCart} />}
        {packet && <GrabPacket play={play} code={packet} />}
        {tab === 'play' && (
          <>
            <Section lang={lang}>
              <Tasks play={play} />
            </Section>
            <Section lang={lang}>
              <Boxes play={play} />
            </Section>
            <Section lang={lang}>
              <Invite play={play} />
            </Section>
            <Section lang={lang}>
              <LuckyPackets play={play} />
            </Section>
          </>
        )}
        {tab === 'shop' && (
          <Section lang={lang}>
            <Shop play={play} cart={cart} setCart={setCart} describeProblem={describe} />
          </Section>
        )}
        {tab === 'lucky' && (
          <Section lang={lang}>
            <Lucky play={play} />
          </Section>
        )}
      </div>

      <nav class="tabs">
        {TABS.map((item) => (
          <button type="button" class={tab === item.id ? 'tab active' : 'tab'} data-testid={`tab-${item.id}`} onClick={() => setTab(item.id)} key={item.id}>
            <span class="tab-icon">
              <Icon name={item.icon} size={22} />
            </span>
            <span>{t(lang, item.label)}</span>
          </button>
        ))}
      </nav>

      {session.demo && <Operator play={play} onClock={onClock} />}

      <div class="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div class={`toast ${toast.kind}`} data-testid="toast" key={toast.id}>
            {toast.text}
          </div>
        ))}
      </div>
    </main>
  );
}
