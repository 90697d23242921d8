import type { WalletConfig } from '../config';
import type { Lang } from '../lib/i18n';
import { t } from '../lib/messages';

/** The wallets' links under the QR, each only when its wallet is configured (README, "Wallet passes"). */
export function WalletButtons(props: { lang: Lang; token: string; wallet: WalletConfig }) {
  const m = t(props.lang);
  const { apple, google } = props.wallet;
  if (!apple && !google) return null;
  const base = `/t/${props.token}`;
  return (
    <p class="row" style="justify-content:center;margin:.75rem 0 0">
      {apple ? (
        <a class="button wallet" href={`${base}/pass.pkpass`} style="background:#000">
          {m.addToAppleWallet}
        </a>
      ) : null}
      {google ? (
        <a class="button wallet" href={`${base}/google-wallet`} style="background:#1f1f1f">
          {m.saveToGoogleWallet}
        </a>
      ) : null}
    </p>
  );
}
