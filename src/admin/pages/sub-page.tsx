import type { Child } from 'hono/jsx';
import type { Lang } from '../../lib/i18n';
import { am } from '../messages';
import { AdminPage, type Notice } from './layout';

/** A page under one dinner (its waitlist, codes, a seat's history): titled with the dinner, a way back to it. */
export function EventSubPage(props: {
  lang: Lang;
  heading: string;
  event: { id: string; title: string };
  url: string;
  csrf: string;
  notice?: Notice;
  children: Child;
}) {
  return (
    <AdminPage
      lang={props.lang}
      title={`${props.heading} · ${props.event.title}`}
      url={props.url}
      csrf={props.csrf}
      notice={props.notice}
    >
      <p>
        <a href={`/admin/events/${props.event.id}`}>{am(props.lang).back}</a>
      </p>
      <h1>{props.heading}</h1>
      {props.children}
    </AdminPage>
  );
}
