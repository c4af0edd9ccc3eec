import { useEffect, useRef, useState } from 'hono/jsx/dom';
import type { Child } from 'hono/jsx';
import { itemName } from '../catalog.ts';
import type { Lang } from '../i18n.ts';
import { Icon, type IconName } from './icons.tsx';

/** Small building blocks every section uses. */

export function Card(props: { title: string; id?: string; extra?: Child; children?: Child }) {
  return (
    <section class="card" id={props.id}>
      <header class="card-head">
        <h2>{props.title}</h2>
        {props.extra}
      </header>
      {props.children}
    </section>
  );
}

/** A number that counts to its new value, with the change floating up, so a credit is seen. */
export function AnimatedNumber(props: { value: number; format: (n: number) => string; testId?: string }) {
  const [shown, setShown] = useState(props.value);
  const [delta, setDelta] = useState<{ amount: number; key: number } | null>(null);
  const last = useRef(props.value);
  useEffect(() => {
    const from = last.current;
    const to = props.value;
    last.current = to;
    if (from === to) return;
    setDelta({ amount: to - from, key: Date.now() });
    const start = performance.now();
    let frame = 0;
    const step = (at: number) => {
      const progress = Math.min(1, (at - start) / 700);
      setShown(Math.round(from + (to - from) * (1 - (1 - progress) ** 3)));
      if (progress < 1) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [props.value]);
  return (
    <span class="animated" data-testid={props.testId} data-value={props.value}>
      {props.format(shown)}
      {delta && (
        <span class={delta.amount > 0 ? 'delta up' : 'delta down'} key={delta.key}>
          {delta.amount > 0 ? `+${delta.amount}` : delta.amount}
        </span>
      )}
    </span>
  );
}

/** A button that is busy (and not tappable twice) while its action runs. */
export function ActionButton(props: { label: string; onAct: () => Promise<unknown>; kind?: 'primary' | 'ghost' | 'done'; disabled?: boolean; testId?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class={`btn ${props.kind ?? 'primary'}`}
      data-testid={props.testId}
      disabled={busy || props.disabled === true}
      onClick={async () => {
        setBusy(true);
        try {
          await props.onAct();
        } finally {
          setBusy(false);
        }
      }}
    >
      {props.label}
    </button>
  );
}

/** A progress bar: value of max, clamped. */
export function Meter(props: { value: number; max: number }) {
  const percent = props.max > 0 ? Math.min(100, (props.value / props.max) * 100) : 0;
  return (
    <div class="meter">
      <div class="meter-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** Category colours for item art: the demo shop has no photos, so a tile with the name's first letter stands in. */
const CATEGORY_HUES: Record<string, number> = { snacks: 28, pet: 200, beauty: 330, apparel: 160, home: 260, health: 45, appliances: 215 };

export function ItemArt({ sku, category, lang, size = 'small' }: { sku: string; category?: string | undefined; lang: Lang; size?: 'small' | 'large' }) {
  const hue = CATEGORY_HUES[category ?? ''] ?? 0;
  return (
    <span class={`item-art ${size}`} style={{ background: `linear-gradient(135deg, hsl(${hue} 90% 62%), hsl(${(hue + 30) % 360} 85% 52%))` }} aria-hidden="true">
      {[...itemName(sku, lang)][0]}
    </span>
  );
}

/**
 * A banner for a friend's link (an invitation, a lucky packet): one tap does what the link asks,
 * then the banner says what came of it (`onAct`'s sentence; undefined when it was refused).
 */
export function OneTapBanner(props: { icon: IconName; prompt: string; action: string; testId: string; actionTestId: string; onAct: () => Promise<string | undefined> }) {
  const [done, setDone] = useState<string | null>(null);
  const act = async () => {
    const said = await props.onAct();
    if (said !== undefined) setDone(said);
  };
  return (
    <div class="banner" data-testid={props.testId}>
      <span class="banner-icon">
        <Icon name={done ? 'check' : props.icon} size={26} />
      </span>
      <div class="grow" data-testid={`${props.testId}-note`}>
        {done ?? props.prompt}
      </div>
      {!done && <ActionButton label={props.action} onAct={act} testId={props.actionTestId} />}
    </div>
  );
}
